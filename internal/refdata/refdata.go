// Package refdata gives the public reference data of the network: académies,
// départements, communes, NAF codes, conventions collectives (IDCC),
// vocational diplomas, familles de métiers, school holidays, public holidays,
// and the UAI school identifier.
//
// The data are small CSV files embedded in the binary (see SOURCES.md and
// scripts/refdata/generate.sh), so the application needs neither network nor
// node at run time. Each file is parsed once, on first use, and never
// changes afterwards: every function is safe for concurrent use.
//
// Functions returning a list return a fresh copy of it, so callers may sort or
// filter it. The slices inside its elements (CodesPostaux, Specialites, …) are
// shared by every caller and must not be modified.
package refdata

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
)

//go:embed data/*.csv
var files embed.FS

// readCSV calls fn for each record of an embedded file, after checking that
// its header is the one the caller expects. The record slice is reused between
// calls; its strings may be kept.
//
// It panics on any error: the files are compiled in and covered by the tests,
// so a failure here is a defect of the build, not a condition to handle at run
// time (like template.Must).
func readCSV(name string, header []string, fn func(rec []string)) {
	f, err := files.Open("data/" + name)
	if err != nil {
		panic(fmt.Sprintf("refdata: %v", err))
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	r.FieldsPerRecord = len(header)
	got, err := r.Read()
	if err != nil || !slices.Equal(got, header) {
		panic(fmt.Sprintf("refdata: %s: header %q, want %q (%v); run scripts/refdata/generate.sh", name, got, header, err))
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			panic(fmt.Sprintf("refdata: %s: %v", name, err))
		}
		fn(rec)
	}
}

// splitList splits a "|"-separated cell; an empty cell gives nil.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
