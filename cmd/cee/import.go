package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"cee/internal/config"
	"cee/internal/export"
	"cee/internal/importer"
	"cee/internal/workflow"
)

// importCmd is `cee import conseillers FILE --academie CODE [--dry-run]
// [--skip-invalid] [--rapport FILE.csv]`.
func importCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "conseillers" {
		return config.Usagef("utilisation : cee import conseillers FICHIER --academie CODE [--dry-run] [--skip-invalid] / usage: cee import conseillers FILE --academie CODE")
	}
	fs := flag.NewFlagSet("cee import conseillers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.DataFlags(fs)
	academie := fs.String("academie", "", "code de l'académie du registre, par exemple 16")
	dryRun := fs.Bool("dry-run", false, "compter sans rien écrire")
	skip := fs.Bool("skip-invalid", false, "écrire les lignes valides même si d'autres sont rejetées")
	rapport := fs.String("rapport", "", "fichier CSV du compte rendu (par défaut : FICHIER-rapport.csv)")
	// The file may come before or after the flags.
	rest := args[1:]
	file := ""
	for len(rest) > 0 {
		if !strings.HasPrefix(rest[0], "-") {
			if file != "" {
				return config.Usagef("un seul fichier à la fois / one file at a time")
			}
			file, rest = rest[0], rest[1:]
			continue
		}
		if err := fs.Parse(rest); err != nil {
			return config.Usagef("%v", err)
		}
		rest = fs.Args()
	}
	if file == "" {
		return config.Usagef("indiquez le fichier à importer (CSV ou XLSX) / give the file to import")
	}
	if *academie == "" {
		return config.Usagef("--academie manquant : code de l'académie du registre, par exemple 16 pour Toulouse / --academie is required")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return config.Usagef("fichier %s illisible : %v", file, err)
	}
	rap, err := importer.Lire(filepath.Base(file), data)
	if err != nil {
		return config.Usagef("%v", err)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := workflow.ImportConseillers(ctx, s, rap, workflow.ImportOptions{Academie: *academie, DryRun: *dryRun, SkipInvalid: *skip})
	if err != nil {
		return err
	}
	if *rapport == "" {
		*rapport = strings.TrimSuffix(file, filepath.Ext(file)) + "-rapport.csv"
	}
	if err := writeReport(*rapport, res); err != nil {
		return err
	}
	fmt.Fprintln(stdout, res)
	switch {
	case *dryRun:
		fmt.Fprintln(stdout, "essai à blanc : rien n'a été écrit")
	case !res.Ecrit:
		fmt.Fprintf(stdout, "rien n'a été écrit : %d ligne(s) rejetée(s). Corrigez-les (voir %s) ou relancez avec --skip-invalid\n", res.Rejetes, *rapport)
	}
	if len(res.Erreurs) > 0 {
		fmt.Fprintf(stdout, "compte rendu : %s\n", *rapport)
	}
	if !res.Ecrit && !*dryRun {
		return errors.New("import non écrit : des lignes sont rejetées")
	}
	return nil
}

func writeReport(path string, res workflow.ImportResult) error {
	rows := make([][]string, 0, len(res.Erreurs))
	for _, e := range res.Erreurs {
		rows = append(rows, []string{strconv.Itoa(e.Ligne), e.Colonne, e.Message})
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("compte rendu %s : %w", path, err)
	}
	if err := export.CSV(f, []string{"Ligne", "Colonne", "Motif du rejet"}, rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
