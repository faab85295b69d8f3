package main

import (
	"cmp"
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
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/workflow"
)

// importCmd is `cee import conseillers FILE --academie CODE [--dry-run]
// [--skip-invalid] [--mapping FILE.csv] [--rapport FILE.csv]`, `cee import
// jurys FILE --session ID [--dry-run] [--skip-invalid] [--mapping FILE.csv]
// [--rapport FILE.csv]` or `cee import etablissements FILE [--dry-run]
// [--rapport FILE.csv]`.
func importCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "etablissements" {
		return importEtablissementsCmd(ctx, cfg, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "jurys" {
		return importJurysCmd(ctx, cfg, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "conseillers" {
		return config.Usagef("utilisation : cee import conseillers FICHIER --academie CODE [--dry-run] [--skip-invalid], " +
			"cee import jurys FICHIER --session ID [--mapping choix.csv] [--dry-run] [--skip-invalid], " +
			"ou cee import etablissements FICHIER [--dry-run] / usage: cee import conseillers|jurys|etablissements FILE")
	}
	fs := flag.NewFlagSet("cee import conseillers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.DataFlags(fs)
	academie := fs.String("academie", "", "code de l'académie du registre, par exemple 16")
	dryRun := fs.Bool("dry-run", false, "compter sans rien écrire")
	skip := fs.Bool("skip-invalid", false, "écrire les lignes valides même si d'autres sont rejetées")
	rapport := fs.String("rapport", "", "fichier CSV du compte rendu (par défaut : FICHIER-rapport.csv)")
	mapping := fs.String("mapping", "", "fichier CSV des choix (type;valeur;choix) : colonnes (colonne;Mél pro;Email, colonne;Remarques;ignorer) et organisations inconnues (organisation;Nom;12 ou creer)")
	file, err := parseFileAndFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if file == "" {
		return config.Usagef("indiquez le fichier à importer (CSV ou XLSX) / give the file to import")
	}
	choix, err := lireMapping(*mapping, importer.ChampsConseillers())
	if err != nil {
		return err
	}
	if *academie == "" {
		return config.Usagef("--academie manquant : code de l'académie du registre, par exemple 16 pour Toulouse / --academie is required")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return config.Usagef("fichier %s illisible : %v", file, err)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	// The académie's remembered mapping, then the file's choices.
	rap, err := workflow.LireRegistre(ctx, s, *academie, filepath.Base(file), data, choix.Colonnes)
	printMapping(stdout, rap.Correspondance, importer.ChampsConseillers())
	if err != nil {
		return config.Usagef("%v", err)
	}
	res, err := workflow.ImportConseillers(ctx, s, rap, workflow.ImportOptions{Academie: *academie, DryRun: *dryRun, SkipInvalid: *skip, Choix: choix})
	if err != nil {
		return err
	}
	printOrganisations(stdout, res)
	for _, a := range res.Avertissements {
		fmt.Fprintf(stdout, "attention, ligne %d : %s\n", a.Ligne, a.Message)
	}
	if *rapport == "" {
		*rapport = strings.TrimSuffix(file, filepath.Ext(file)) + "-rapport.csv"
	}
	if err := writeReport(*rapport, res.Erreurs); err != nil {
		return err
	}
	fmt.Fprintln(stdout, res)
	if m := rap.Encodage.Mention(); m != "" {
		fmt.Fprintln(stdout, m)
	}
	switch {
	case *dryRun:
		fmt.Fprintln(stdout, "essai à blanc : rien n'a été écrit")
	case res.ChoixManquants() > 0:
		fmt.Fprintf(stdout, "rien n'a été écrit : %d organisation(s) inconnue(s) sans choix. Ajoutez au fichier --mapping une ligne « organisation;Nom;numéro » ou « organisation;Nom;%s » pour chacune\n",
			res.ChoixManquants(), importer.ChoixCreer)
	case !res.Ecrit:
		fmt.Fprintf(stdout, "rien n'a été écrit : %d ligne(s) rejetée(s). Corrigez-les (voir %s) ou relancez avec --skip-invalid\n", res.Rejetes, *rapport)
	}
	if len(res.Erreurs) > 0 {
		fmt.Fprintf(stdout, "compte rendu : %s\n", *rapport)
	}
	if !res.Ecrit && !*dryRun {
		if res.ChoixManquants() > 0 {
			return errors.New("import non écrit : des organisations inconnues attendent un choix")
		}
		return errors.New("import non écrit : des lignes sont rejetées")
	}
	return nil
}

// lireMapping reads the --mapping file of an import whose fields are
// champs; no file, no choice.
func lireMapping(path string, champs []importer.Champ) (importer.Choix, error) {
	if path == "" {
		return importer.Choix{}, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return importer.Choix{}, config.Usagef("--mapping : fichier %s illisible : %v", path, err)
	}
	choix, err := importer.LireChoix(b, champs)
	if err != nil {
		return choix, config.Usagef("--mapping : %v", err)
	}
	return choix, nil
}

// printMapping prints how each column of the file was understood, the
// columns not understood included: they are never dropped silently.
func printMapping(w io.Writer, cols []importer.ColonneLue, champs []importer.Champ) {
	if len(cols) == 0 {
		return
	}
	fmt.Fprintln(w, "correspondance des colonnes :")
	for _, c := range cols {
		if c.Entete == "" {
			continue
		}
		lu := "ignorée (inconnue : donnez-lui un champ avec --mapping, « colonne;" + c.Entete + ";Champ »)"
		switch {
		case c.Champ != "":
			lu = importer.LibelleChamp(champs, c.Champ) + " (" + c.Champ + ")"
			if c.Choisie {
				lu += ", choisi"
			}
		case c.Choisie:
			lu = "ignorée (choisi)"
		}
		fmt.Fprintf(w, "  « %s » → %s\n", c.Entete, lu)
	}
}

// printOrganisations lists the organisations the file names that do not
// exist, with the closest names and the choice made.
func printOrganisations(w io.Writer, res workflow.ImportResult) {
	for _, o := range res.Organisations {
		var proches []string
		for _, p := range o.Proches {
			proches = append(proches, fmt.Sprintf("%s (n° %d)", p.Nom, p.ID))
		}
		choix := "aucun choix"
		switch o.Choix {
		case "":
		case importer.ChoixCreer:
			choix = "à créer"
		default:
			choix = "rattachée à l'organisation n° " + o.Choix
		}
		fmt.Fprintf(w, "organisation inconnue « %s » (%d ligne(s)) : %s", o.Nom, o.Lignes, choix)
		if len(proches) > 0 {
			fmt.Fprintf(w, " ; noms proches : %s", strings.Join(proches, ", "))
		}
		fmt.Fprintln(w)
	}
}

// parseFileAndFlags reads the flags of an import and its one file, which may
// come before or after them.
func parseFileAndFlags(fs *flag.FlagSet, rest []string) (string, error) {
	file := ""
	for len(rest) > 0 {
		if !strings.HasPrefix(rest[0], "-") {
			if file != "" {
				return "", config.Usagef("un seul fichier à la fois / one file at a time")
			}
			file, rest = rest[0], rest[1:]
			continue
		}
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return "", err
			}
			return "", config.Usagef("%v", err)
		}
		rest = fs.Args()
	}
	return file, nil
}

// importEtablissementsCmd is `cee import etablissements FILE [--dry-run]
// [--rapport FILE.csv]`.
func importEtablissementsCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cee import etablissements", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Utilisation : cee import etablissements FICHIER [--dry-run] [--rapport rapport.csv]

Importe l'Annuaire de l'éducation (fr-en-annuaire-education, data.education.gouv.fr) tel que
publié : CSV séparé par des points-virgules, en UTF-8 avec ou sans BOM. Les collèges, lycées,
EREA et CIO sont créés ou mis à jour par UAI ; les écoles, services et établissements
médico-sociaux sont ignorés ; les établissements fermés sont gardés et marqués fermés.

Les lignes valides sont écrites même si d'autres sont rejetées (contrairement à l'import des
conseillers) : ces données ouvertes comptent toujours quelques lignes fautives que l'académie
ne peut pas corriger. Les lignes rejetées sont listées dans le compte rendu (ligne, colonne,
motif) et la commande se termine alors avec le code 1. L'import est fait en une transaction :
interrompu, il ne laisse rien à moitié écrit ; relancé sur le même fichier, il ne change rien.

`)
		fs.PrintDefaults()
	}
	cfg.DataFlags(fs)
	dryRun := fs.Bool("dry-run", false, "compter sans rien écrire")
	rapport := fs.String("rapport", "", "fichier CSV du compte rendu (par défaut : FICHIER-rapport.csv)")
	file, err := parseFileAndFlags(fs, args)
	if err != nil {
		return err
	}
	if file == "" {
		return config.Usagef("indiquez le fichier de l'Annuaire de l'éducation à importer (CSV) / give the file to import")
	}
	f, err := os.Open(file)
	if err != nil {
		return config.Usagef("fichier %s illisible : %v", file, err)
	}
	defer f.Close()
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	show := progress(stdout)
	res, err := workflow.ImportEtablissements(ctx, s, f, workflow.ImportEtablissementsOptions{DryRun: *dryRun,
		Progress: func(done, total int) { show("établissements écrits", done, total) }})
	var ef importer.ErreurFichier
	if errors.As(err, &ef) {
		return config.Usagef("%s : %v", filepath.Base(file), err)
	}
	if err != nil {
		return err
	}
	if *rapport == "" {
		*rapport = strings.TrimSuffix(file, filepath.Ext(file)) + "-rapport.csv"
	}
	if err := writeReport(*rapport, res.Erreurs); err != nil {
		return err
	}
	fmt.Fprintln(stdout, res)
	fmt.Fprintf(stdout, "ignorés : %d (écoles, services et autres établissements que le réseau ne sert pas)\n", res.Ignores)
	if m := res.Encodage.Mention(); m != "" {
		fmt.Fprintln(stdout, m)
	}
	if *dryRun {
		fmt.Fprintln(stdout, "essai à blanc : rien n'a été écrit")
	}
	if len(res.Erreurs) > 0 {
		fmt.Fprintf(stdout, "compte rendu : %s\n", *rapport)
	}
	if res.Rejetes > 0 {
		if *dryRun {
			return fmt.Errorf("%d ligne(s) rejetée(s) : voir %s", res.Rejetes, *rapport)
		}
		return fmt.Errorf("%d ligne(s) rejetée(s), les autres ont été écrites : voir %s", res.Rejetes, *rapport)
	}
	return nil
}

func writeReport(path string, erreurs []importer.Erreur) error {
	rows := make([][]string, 0, len(erreurs))
	for _, e := range erreurs {
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

// importJurysCmd is `cee import jurys FILE --session ID [--dry-run]
// [--skip-invalid] [--mapping FILE.csv] [--rapport FILE.csv]`: the exam
// division's list of juries into a session, as on the web (same mapping,
// remembered per académie; nothing written on a rejected line unless
// --skip-invalid).
func importJurysCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cee import jurys", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.DataFlags(fs)
	session := fs.Int64("session", 0, "numéro de la session d'examen (dans l'adresse de sa page : /jurys/ID)")
	dryRun := fs.Bool("dry-run", false, "vérifier et compter sans rien écrire")
	skip := fs.Bool("skip-invalid", false, "écrire les jurys des lignes valides même si d'autres sont rejetées")
	rapport := fs.String("rapport", "", "fichier CSV du compte rendu (par défaut : FICHIER-rapport.csv)")
	mapping := fs.String("mapping", "", "fichier CSV des choix de colonnes (type;valeur;choix), par exemple colonne;Lieu des oraux;Centre ou colonne;Observations;ignorer")
	file, err := parseFileAndFlags(fs, args)
	if err != nil {
		return err
	}
	if file == "" || *session <= 0 {
		return config.Usagef("utilisation : cee import jurys FICHIER --session ID / usage: cee import jurys FILE --session ID")
	}
	choix, err := lireMapping(*mapping, importer.ChampsJurys())
	if err != nil {
		return err
	}
	if len(choix.Organisations) > 0 {
		return config.Usagef("--mapping : les lignes « organisation » ne servent qu'à l'import des conseillers")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return config.Usagef("fichier %s illisible : %v", file, err)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	x, err := s.GetSessionExamen(ctx, *session, "")
	if errors.Is(err, store.ErrNotFound) {
		return config.Usagef("--session : aucune session d'examen n° %d", *session)
	}
	if err != nil {
		return err
	}
	if x.Etat != model.SessionPreparation && x.Etat != model.SessionCampagne {
		return config.Usagef("la composition de la session « %s » a commencé : les jurys ne s'importent plus", x.Nom)
	}
	rap, err := workflow.LireJurys(ctx, s, x.Academie, filepath.Base(file), data, choix.Colonnes)
	printMapping(stdout, rap.Correspondance, importer.ChampsJurys())
	if err != nil {
		return config.Usagef("%v", err)
	}
	res, err := workflow.ImportJurys(ctx, s, x, rap, workflow.ImportJurysOptions{Actor: workflow.Actor{Compte: model.Compte{Email: "cee import jurys"}},
		DryRun: *dryRun, SkipInvalid: *skip, Colonnes: choix.Colonnes})
	if err != nil {
		return err
	}
	if *rapport == "" {
		*rapport = strings.TrimSuffix(file, filepath.Ext(file)) + "-rapport.csv"
	}
	if err := writeReport(*rapport, res.Erreurs); err != nil {
		return err
	}
	for _, e := range res.Erreurs {
		fmt.Fprintf(stdout, "ligne %d, %s : %s\n", e.Ligne, cmp.Or(e.Colonne, "ligne entière"), e.Message)
	}
	fmt.Fprintln(stdout, res)
	if m := rap.Encodage.Mention(); m != "" {
		fmt.Fprintln(stdout, m)
	}
	switch {
	case *dryRun:
		fmt.Fprintln(stdout, "essai à blanc : rien n'a été écrit")
	case !res.Ecrit:
		fmt.Fprintf(stdout, "rien n'a été écrit : %d ligne(s) rejetée(s). Corrigez-les (voir %s), changez la correspondance avec --mapping, ou relancez avec --skip-invalid\n", res.Rejetes, *rapport)
		return errors.New("import non écrit : des lignes sont rejetées")
	}
	return nil
}
