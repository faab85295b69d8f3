// Command cee is the information system of the network of « conseillers
// entreprises pour l'École »: one binary that serves the interface and the API
// with its job workers (serve), migrates the database (migrate), generates
// demonstration data (demo), creates the first account (admin), imports
// registers and the schools' directory (import), runs the jury optimiser on
// instance files (jury), backs up and restores (backup, restore) and times
// the heavy pages (bench). The README lists the subcommands and their flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"cee/internal/app"
	"cee/internal/config"
	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/workflow"
)

const usage = `cee — Réseau des conseillers entreprises pour l'École

Utilisation / usage :
  cee serve   [--addr 127.0.0.1:8080] [--data-dir data] [--demo] [--dev]
  cee migrate [--data-dir data]
  cee demo    [--scale small|national] [--seed N] [--data-dir data]
  cee admin create --email adresse --role admin [--nom "Prénom Nom"] [--academie 16] [--ref UAI, fiche ou département]
  cee import conseillers FICHIER --academie 16 [--dry-run] [--skip-invalid] [--rapport rapport.csv]
  cee import jurys FICHIER --session ID [--mapping choix.csv] [--dry-run] [--skip-invalid] [--rapport rapport.csv]
  cee import etablissements FICHIER [--dry-run] [--rapport rapport.csv]
  cee bench annuaire|matching [--n 500]
  cee bench tableau [--n 50] [--pages 20] [--academie 25] [--page texte] [--profil dossier]
  cee bench charge  --url http://127.0.0.1:8080 [--users 50] [--duration 1m] [--think 10s] [--mix pilote=2,…] [--pid N] [--database-url …]
  cee jury solve --in instance.json --out result.json [--time-limit 30s]
  cee jury check --in instance.json --result result.json
  cee jury gen   --seats N --people M --seed S [--scarce] [--family multi|tight|large] --out instance.json
  cee jury lp    --in instance.json --out model.lp
  cee backup  --out FICHIER [--force] [--data-dir data]
  cee restore --in FICHIER [--force] [--data-dir data]
  cee version

La base de données est choisie par CEE_DATABASE_URL (fichier SQLite par défaut
dans le dossier de données, ou postgres://…). Voir le README pour les autres
variables CEE_*.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if errors.Is(err, config.ErrUsage) || errors.Is(err, flag.ErrHelp) {
			if !errors.Is(err, flag.ErrHelp) {
				fmt.Fprintln(os.Stderr, "cee :", err)
			}
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "cee : erreur :", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return config.Usagef("indiquez une commande : serve, migrate, demo ou version / give a command")
	}
	cfg := config.Defaults()
	if err := cfg.FromEnv(getenv); err != nil {
		return err
	}
	cmd, rest := args[0], args[1:]
	fs := flag.NewFlagSet("cee "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch cmd {
	case "serve":
		cfg.ServeFlags(fs)
		if err := parse(fs, rest); err != nil {
			return err
		}
		return serve(ctx, cfg, stdout)
	case "migrate":
		cfg.DataFlags(fs)
		if err := parse(fs, rest); err != nil {
			return err
		}
		return migrate(ctx, cfg, stdout)
	case "demo":
		cfg.DataFlags(fs)
		scale := fs.String("scale", "small", "small (une académie) ou national (30 académies)")
		seed := fs.Uint64("seed", 1, "graine : la même graine donne les mêmes données")
		if err := parse(fs, rest); err != nil {
			return err
		}
		sc, err := demo.ParseScale(*scale)
		if err != nil {
			return config.Usagef("%v", err)
		}
		return generateDemo(ctx, cfg, sc, *seed, stdout)
	case "admin":
		if len(rest) == 0 || rest[0] != "create" {
			return config.Usagef("utilisation : cee admin create --email adresse --role admin / usage: cee admin create")
		}
		fs = flag.NewFlagSet("cee admin create", flag.ContinueOnError)
		fs.SetOutput(stderr)
		cfg.DataFlags(fs)
		email := fs.String("email", "", "adresse électronique du compte")
		role := fs.String("role", "admin", "rôle : admin, pilote, …")
		nom := fs.String("nom", "", "prénom et nom")
		academie := fs.String("academie", "", "code de l'académie (rôles académiques)")
		ref := fs.String("ref", "", "UAI ou identifiant de fiche (rôles à périmètre restreint)")
		if err := parse(fs, rest[1:]); err != nil {
			return err
		}
		return createAccount(ctx, cfg, *email, *nom, *role, *academie, *ref, stdout)
	case "import":
		return importCmd(ctx, cfg, rest, stdout, stderr)
	case "bench":
		if len(rest) > 0 && rest[0] == "tableau" {
			return benchTableauCmd(ctx, cfg, rest[1:], stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "charge" {
			return benchChargeCmd(ctx, rest[1:], stdout, stderr)
		}
		if len(rest) == 0 || (rest[0] != "annuaire" && rest[0] != "matching") {
			return config.Usagef("utilisation : cee bench annuaire|matching [--n 500] / usage: cee bench annuaire|matching")
		}
		fs = flag.NewFlagSet("cee bench "+rest[0], flag.ContinueOnError)
		fs.SetOutput(stderr)
		cfg.DataFlags(fs)
		n := fs.Int("n", 500, "nombre de recherches")
		if err := parse(fs, rest[1:]); err != nil {
			return err
		}
		if *n < 1 {
			return config.Usagef("--n : 1 au moins")
		}
		if rest[0] == "matching" {
			return benchMatching(ctx, cfg, *n, stdout)
		}
		return benchAnnuaire(ctx, cfg, *n, stdout)
	case "jury":
		return juryCmd(ctx, rest, stdout, stderr)
	case "backup":
		return backupCmd(ctx, cfg, rest, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, cfg, rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "cee", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return config.Usagef("commande %q inconnue : serve, migrate, demo ou version / unknown command", cmd)
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return config.Usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return config.Usagef("argument inattendu %q / unexpected argument", fs.Arg(0))
	}
	return nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// prepare validates the configuration and the data folder (when the
// database is a SQLite file, which lives there).
func prepare(cfg *config.Config) error {
	if err := cfg.Finish(); err != nil {
		return err
	}
	if driver, _, _ := config.SplitDatabaseURL(cfg.DatabaseURL); driver == "sqlite" || cfg.Dev || cfg.Demo {
		return cfg.CheckDataDir()
	}
	return nil
}

func serve(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	start := time.Now()
	if err := prepare(&cfg); err != nil {
		return err
	}
	log := newLogger(cfg, stdout)
	log.Info("configuration", cfg.Redacted()...)
	// Listen before the slow parts so a port already taken is reported at once.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return config.Usagef("impossible d'écouter sur %s (%v) : le port est peut-être déjà utilisé, choisissez-en un autre avec --addr ou CEE_ADDR / cannot listen: port in use?", cfg.Addr, err)
	}
	a, err := app.New(ctx, cfg, log, nil)
	if err != nil {
		ln.Close()
		return err
	}
	defer a.Close()
	log.Info("prêt", "url", "http://"+ln.Addr().String(), "database", a.Store.Dialect(), "startup_ms", time.Since(start).Milliseconds())
	return a.Serve(ctx, ln)
}

func migrate(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	if err := prepare(&cfg); err != nil {
		return err
	}
	s, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d migration(s) appliquée(s) sur %s\n", n, s.Dialect())
	return nil
}

// openMigrated opens the configured database and applies the migrations,
// for the commands that write data.
func openMigrated(ctx context.Context, cfg config.Config) (*store.Store, error) {
	if err := prepare(&cfg); err != nil {
		return nil, err
	}
	s, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func generateDemo(ctx context.Context, cfg config.Config, scale demo.Scale, seed uint64, stdout io.Writer) error {
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	// The accounts too, one per role, as serve --demo: without them nobody
	// could log in to a national demo without knowing cee admin create.
	counts, err := demo.Generate(ctx, s, demo.Options{Scale: scale, Seed: seed, Progress: progress(stdout), Comptes: true})
	if err != nil {
		return err
	}
	// A bulk load: the planner's statistics and visibility map at once
	// rather than at autovacuum's next pass (see store.Analyze).
	if err := s.Analyze(ctx, "etablissements", "organisations", "conseillers", "designations", "professionnels",
		"demandes", "sollicitations", "interventions"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "données de démonstration (%s, graine %d) : %s en %s sur %s\n",
		scale, seed, counts, time.Since(start).Round(time.Millisecond), s.Dialect())
	fmt.Fprintf(stdout, "comptes de démonstration : pilote@%s, conseiller@%s, etablissement@%s… (académie %s) ; connexion par lien à /connexion, ou en un clic à /dev/connexion avec serve --dev\n",
		demo.DomaineDemo, demo.DomaineDemo, demo.DomaineDemo, counts.AcademieComptes)
	return nil
}

// progress redraws one line on a terminal, and prints a line per quarter
// when the output goes to a file or a CI log.
func progress(w io.Writer) func(step string, done, total int) {
	f, ok := w.(*os.File)
	tty := false
	if ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	lastQuarter := map[string]int{}
	return func(step string, done, total int) {
		pct := done * 100 / max(total, 1)
		if tty {
			fmt.Fprintf(w, "\r%s : %d / %d (%d %%)", step, done, total, pct)
			if done == total {
				fmt.Fprintln(w)
			}
			return
		}
		if q := pct / 25; q > lastQuarter[step] || done == total {
			lastQuarter[step] = q
			fmt.Fprintf(w, "%s : %d / %d (%d %%)\n", step, done, total, pct)
		}
	}
}

// createAccount is the bootstrap of a new installation: the first admin
// account, active at once, who then logs in by link and invites the others.
func createAccount(ctx context.Context, cfg config.Config, email, nom, role, academie, ref string, stdout io.Writer) error {
	e, err := model.NormalizeEmail(email)
	if err != nil {
		return config.Usagef("--email : %v", err)
	}
	r, err := model.ParseRole(role)
	if err != nil {
		return config.Usagef("--role : %v", err)
	}
	h := model.Habilitation{Role: r, Academie: academie, Ref: ref}
	if err := h.Validate(); err != nil {
		return config.Usagef("%v", err)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	err = s.InTx(ctx, func(tx *store.Store) error {
		// The record of a record-scoped role must exist in --academie: the
		// same check as every invitation (issue 20).
		if h, err = workflow.VerifierHabilitation(ctx, tx, h); err != nil {
			return err
		}
		c, err := tx.GetCompteByEmail(ctx, e)
		if errors.Is(err, store.ErrNotFound) {
			id, err := tx.CreateCompte(ctx, model.Compte{Email: e, Nom: nom, Statut: model.CompteActif})
			if err != nil {
				return err
			}
			c.ID = id
		} else if err != nil {
			return err
		}
		h.CompteID = c.ID
		if _, err := tx.AddHabilitation(ctx, h); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entree{Email: e, Action: store.AuditInvitation, ObjetType: "compte", ObjetID: fmt.Sprint(c.ID),
			Academie: academie, Detail: "cee admin create : " + string(r)})
	})
	var refus workflow.ErreurHabilitation
	if errors.As(err, &refus) {
		return config.Usagef("--ref : %s", refus.Message)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compte %s : rôle %s ajouté. Connexion : %s/connexion, « Recevoir un lien ».\n", e, r.Label(), cfg.BaseURL)
	return nil
}

func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(inconnue)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v = strings.TrimSpace(v + " " + s.Value[:12])
		}
	}
	return v + " " + info.GoVersion
}
