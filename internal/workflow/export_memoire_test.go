package workflow_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cee/internal/export"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// sonde is the output of an export; with its sampler it measures the live
// heap (after a collection, so garbage does not count) while the export
// runs: what the export holds, which must not grow with the rows.
type sonde struct {
	n    atomic.Int64
	base uint64
	pic  atomic.Uint64
	fin  chan struct{}
	done sync.WaitGroup
}

func (s *sonde) Write(p []byte) (int, error) {
	s.n.Add(int64(len(p)))
	return len(p), nil
}

func (s *sonde) mesure() {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	if m.HeapAlloc > s.base {
		for {
			old := s.pic.Load()
			if m.HeapAlloc-s.base <= old || s.pic.CompareAndSwap(old, m.HeapAlloc-s.base) {
				break
			}
		}
	}
}

// nouvelleSonde measures the starting heap and samples it every 50 ms
// until arreter.
func nouvelleSonde() *sonde {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s := &sonde{base: m.HeapAlloc, fin: make(chan struct{})}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-s.fin:
				return
			case <-tick.C:
				s.mesure()
			}
		}
	}()
	return s
}

func (s *sonde) arreter() { close(s.fin); s.done.Wait() }

// TestExportMemoireBornee exports a large generated set of requests (30,000
// by default; CEE_EXPORT_LIGNES=300000 for the national figure) in CSV and
// XLSX and checks that the heap held while streaming stays bounded, far
// below the file's size: rows are written as they are read, never
// gathered.
func TestExportMemoireBornee(t *testing.T) {
	n := 30000
	if v := os.Getenv("CEE_EXPORT_LIGNES"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	if testing.Short() {
		t.Skip("large generated set")
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		debut := time.Now()
		jour := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
		err := s.InTx(ctx, func(tx *store.Store) error {
			for i := range n {
				d := model.Demande{Academie: "16", Departement: "31", CodeCommune: "31555", Type: model.TypeIntervention,
					Titre: fmt.Sprintf("Découverte des métiers n° %d, avec un titre de longueur réaliste", i), Description: "Deux classes de 3e.",
					Niveaux: []string{"3e"}, Eleves: 50, Personnes: 1, Etat: model.DemandeEnRecherche, Echeance: jour,
					Creneaux: []model.Creneau{{Jour: jour.AddDate(0, 0, i%90), Moment: "AM"}}, ContactNom: "Nathalie Roux",
					ContactEmail: "nathalie.roux@test.invalid"}
				if _, err := tx.CreateDemande(ctx, d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d requests generated in %v", n, time.Since(debut).Round(time.Millisecond))
		// The reference tables the rows' labels read are loaded once, on
		// first use (the communes: about 10 MiB): loaded here, they are
		// not counted as the export's.
		refdata.CommuneByCode("31555")
		f := store.DemandeFilter{Scope: model.Scope{Academie: "16"}}
		a := workflow.Actor{P: model.Principal{H: model.Habilitation{Role: model.RolePilote, Academie: "16"}}}
		for _, format := range []export.Format{export.FormatCSV, export.FormatXLSX} {
			r := workflow.RequeteExport{Liste: model.ExportDemandes, Format: format, Demandes: &f}
			total, err := workflow.CompterExport(ctx, s, r)
			if err != nil || total != n {
				t.Fatalf("count %d, %v; want %d", total, err, n)
			}
			w := nouvelleSonde()
			debut := time.Now()
			err = workflow.EcrireExport(ctx, s, a, r, total, w)
			w.arreter()
			if err != nil {
				t.Fatal(err)
			}
			d := time.Since(debut)
			pic, written := w.pic.Load(), w.n.Load()
			t.Logf("%s: %d rows, %.1f MiB written in %v (%.0f rows/s), live heap peak over the start %.1f MiB",
				format, n, float64(written)/(1<<20), d.Round(time.Millisecond), float64(n)/d.Seconds(), float64(pic)/(1<<20))
			// The bound, whatever the number of rows: the XLSX stream
			// writer's buffer before it spills to a temporary file
			// (excelize's StreamChunkSize, 16 MiB, in a buffer that grows
			// by doubling: up to 32 MiB) and the compressor's. Measured:
			// 32 MiB for 10,000 as for 60,000 rows, 4 to 5 MiB for CSV.
			if limit := uint64(40 << 20); pic > limit {
				t.Errorf("%s: live heap grew by %.1f MiB while streaming, over %d MiB", format, float64(pic)/(1<<20), limit>>20)
			}
			if format == export.FormatCSV && written < int64(n)*100 {
				t.Errorf("CSV of %d bytes for %d rows: the rows were not all written", written, n)
			}
		}
	})
}
