package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"cee/internal/app"
	"cee/internal/auth"
	"cee/internal/config"
	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/workflow"
)

// benchPages measures pages as the server serves them: the real handler
// (middleware, session, layout, templ rendering) in this process, each
// role logged in through the demo login path, n requests per page after
// one to warm up. It reports the server's CPU per request (this process's
// user and system time, read before and after) and, on a PostgreSQL of
// this machine, the database's (its backends of this database, from
// /proc); wall times are shown too but mean little on a loaded machine.
// The bench accounts (bench-…@demo.example) are created in the académie
// when missing. filtre keeps the pages whose name contains it; profil, when
// set, is a directory where each page's CPU profile is written (go tool
// pprof), to find where a page's time goes.
func benchPages(ctx context.Context, cfg config.Config, academie string, n int, filtre, profil string, stdout io.Writer) error {
	cfg.Demo = true // the demo login route; the database is not empty, nothing is generated
	if err := prepare(&cfg); err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		return err
	}
	defer a.Close()
	s := a.Store
	now := time.Now()
	start := time.Now()
	if err := workflow.CalculerInstantanes(ctx, s, now); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "indicateurs calculés d'avance (tâche %s) : %s\n", "indicateurs.calculer", time.Since(start).Round(time.Millisecond))
	comptes, err := comptesBench(ctx, s, academie)
	if err != nil {
		return err
	}
	demandes, _, err := s.ListDemandes(ctx, store.DemandeFilter{Scope: model.Scope{Academie: academie}, Etats: []model.EtatDemande{model.DemandeEnRecherche}, Limit: 1})
	if err != nil {
		return err
	}
	if len(demandes) == 0 {
		return fmt.Errorf("aucune demande en recherche dans l'académie %s", academie)
	}
	jeton, err := jetonBench(ctx, s, comptes["pilote"])
	if err != nil {
		return err
	}
	h := a.Handler
	cookies := map[string]string{}
	for role, c := range comptes {
		req := httptest.NewRequest(http.MethodPost, "/dev/connexion/"+strconv.FormatInt(c.ID, 10), nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		for _, k := range w.Result().Cookies() {
			if k.Name == "cee_session" {
				cookies[role] = k.Value
			}
		}
		if cookies[role] == "" {
			return fmt.Errorf("connexion de démonstration (%s) : %d, pas de session", role, w.Code)
		}
	}
	db := nomBasePostgres(cfg.DatabaseURL)
	fmt.Fprintf(stdout, "pages (%s, académie %s, %d requêtes par page) : UC serveur par requête", s.Dialect(), academie, n)
	if db != "" {
		fmt.Fprint(stdout, " + UC de PostgreSQL")
	}
	fmt.Fprintln(stdout, ", durées p50 / max")
	for _, p := range []struct{ name, role, path string }{
		{"accueil", "pilote", "/"},
		{"accessibilité (page statique)", "pilote", "/accessibilite"},
		{"annuaire des CEE, un mot", "pilote", "/conseillers?q=electricite"},
		{"demande et ses candidats classés", "pilote", "/demandes/" + strconv.FormatInt(demandes[0].ID, 10)},
		{"liste des demandes", "pilote", "/demandes"},
		{"tableau de bord de l'académie (pilote)", "pilote", "/tableau-de-bord"},
		{"tableau de bord national", "national", "/tableau-de-bord"},
		{"tableau de bord d'un CEE", "conseiller", "/tableau-de-bord"},
		{"tableau de bord d'une organisation", "organisation", "/tableau-de-bord"},
		{"tableau de bord d'un établissement", "etablissement", "/tableau-de-bord"},
		{"tableau de bord de la division des examens", "examens", "/tableau-de-bord"},
		{"tableau de bord de l'inspection", "inspecteur", "/tableau-de-bord"},
		{"accueil d'un CEE", "conseiller", "/"},
		{"accueil d'un établissement", "etablissement", "/"},
		{"statistiques publiques (anonyme)", "", "/statistiques"},
		{"API : liste des demandes", "api", "/api/v1/demandes"},
		{"API : liste des conseillers", "api", "/api/v1/conseillers"},
	} {
		if !strings.Contains(p.name, filtre) {
			continue
		}
		get := func() (time.Duration, error) {
			req := httptest.NewRequest(http.MethodGet, p.path, nil)
			switch p.role {
			case "":
			case "api":
				req.Header.Set("Authorization", "Bearer "+jeton)
			default:
				req.AddCookie(&http.Cookie{Name: "cee_session", Value: cookies[p.role]})
			}
			w := httptest.NewRecorder()
			t0 := time.Now()
			h.ServeHTTP(w, req)
			d := time.Since(t0)
			if w.Code != http.StatusOK {
				return d, fmt.Errorf("%s %s : %d %.200s", p.role, p.path, w.Code, w.Body.String())
			}
			return d, nil
		}
		if _, err := get(); err != nil {
			return err
		}
		times := make([]time.Duration, 0, n)
		stop, err := profiler(profil, p.name)
		if err != nil {
			return err
		}
		cpu0, db0 := cpuProcessus(), cpuPostgres(db)
		for range n {
			d, err := get()
			if err != nil {
				return err
			}
			times = append(times, d)
		}
		cpu, dbCPU := cpuProcessus()-cpu0, cpuPostgres(db)-db0
		stop()
		slices.Sort(times)
		line := fmt.Sprintf("  %s : %.2f ms", p.name, float64(cpu.Microseconds())/1000/float64(n))
		if db != "" {
			line += fmt.Sprintf(" + %.2f ms", float64(dbCPU.Microseconds())/1000/float64(n))
		}
		fmt.Fprintf(stdout, "%s (%s / %s)\n", line, times[len(times)/2].Round(10*time.Microsecond), times[len(times)-1].Round(10*time.Microsecond))
	}
	return nil
}

// profiler starts a CPU profile of a page in dir (nothing when dir is
// empty); the function returned stops it.
func profiler(dir, page string) (func(), error) {
	if dir == "" {
		return func() {}, nil
	}
	nom := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, model.Fold(page))
	f, err := os.Create(filepath.Join(dir, nom+".pprof"))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// comptesBench returns the bench accounts of the académie by role,
// creating the missing ones on records of the académie.
func comptesBench(ctx context.Context, s *store.Store, academie string) (map[string]model.Compte, error) {
	sc := model.Scope{Academie: academie}
	orgs, err := s.ListOrganisations(ctx, academie)
	if err != nil || len(orgs) == 0 {
		return nil, fmt.Errorf("aucune organisation dans l'académie %s (%v)", academie, err)
	}
	cees, _, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: sc, Etat: model.DesignationActive, Limit: 1})
	if err != nil || len(cees) == 0 {
		return nil, fmt.Errorf("aucun conseiller en mandat dans l'académie %s (%v)", academie, err)
	}
	ds, _, err := s.ListDemandes(ctx, store.DemandeFilter{Scope: sc, Etats: []model.EtatDemande{model.DemandeRealisee}, Limit: 1})
	if err != nil || len(ds) == 0 {
		return nil, fmt.Errorf("aucune demande réalisée dans l'académie %s (%v)", academie, err)
	}
	habs := map[string]model.Habilitation{
		"pilote":        {Role: model.RolePilote, Academie: academie},
		"national":      {Role: model.RoleLecteurNational},
		"conseiller":    {Role: model.RoleConseiller, Academie: academie, Ref: strconv.FormatInt(cees[0].ID, 10)},
		"organisation":  {Role: model.RoleOrganisation, Academie: academie, Ref: strconv.FormatInt(orgs[0].ID, 10)},
		"etablissement": {Role: model.RoleEtablissement, Academie: academie, Ref: ds[0].UAI},
		"examens":       {Role: model.RoleExamens, Academie: academie},
		"inspecteur":    {Role: model.RoleInspecteur, Academie: academie},
	}
	out := map[string]model.Compte{}
	for role, h := range habs {
		email := "bench-" + role + "-" + academie + "@" + demo.DomaineDemo
		c, err := s.GetCompteByEmail(ctx, email)
		if errors.Is(err, store.ErrNotFound) {
			err = s.InTx(ctx, func(tx *store.Store) error {
				id, err := tx.CreateCompte(ctx, model.Compte{Email: email, Nom: "Banc d'essai " + role, Statut: model.CompteActif})
				if err != nil {
					return err
				}
				h.CompteID = id
				_, err = tx.AddHabilitation(ctx, h)
				return err
			})
			if err == nil {
				c, err = s.GetCompteByEmail(ctx, email)
			}
		}
		if err != nil {
			return nil, err
		}
		out[role] = c
	}
	return out, nil
}

// jetonBench creates a read-only API token of c's first role, for a day.
func jetonBench(ctx context.Context, s *store.Store, c model.Compte) (string, error) {
	if len(c.Habilitations) == 0 {
		return "", fmt.Errorf("compte %s sans rôle", c.Email)
	}
	raw, _, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	secret := model.PrefixeJetonAPI + raw
	now := time.Now()
	j := model.JetonAPI{CompteID: c.ID, Habilitation: c.Habilitations[0], Nom: "banc d'essai", LectureSeule: true, ExpiresAt: now.Add(24 * time.Hour), CreatedAt: now}
	_, err = s.CreateJetonAPI(ctx, j, auth.HashToken(secret))
	return secret, err
}

// cpuProcessus is this process's CPU time, user and system.
func cpuProcessus() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// nomBasePostgres is the database name of a postgres:// URL on this
// machine (loopback), "" otherwise: only then are its backends' CPU times
// readable in /proc.
func nomBasePostgres(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return ""
	}
	if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" && h != "::1" {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}

// cpuPostgres sums the CPU time of the PostgreSQL backends serving database
// db, read from /proc (their command line is « postgres: [cluster:] user db
// host… »).
// Backends that end between two readings take their time with them: the
// pool keeps its connections open during a measure.
func cpuPostgres(db string) time.Duration {
	if db == "" {
		return 0
	}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var ticks int64
	for _, d := range dirs {
		cmd, err := os.ReadFile(d + "/cmdline")
		if err != nil || !strings.HasPrefix(string(cmd), "postgres: ") {
			continue
		}
		f := strings.Fields(strings.ReplaceAll(string(cmd), "\x00", " "))[1:]
		if len(f) > 0 && strings.HasSuffix(f[0], ":") {
			f = f[1:] // the cluster's name, « 15/main: »
		}
		if len(f) < 2 || f[1] != db {
			continue
		}
		st, err := os.ReadFile(d + "/stat")
		if err != nil {
			continue
		}
		// Fields after the command's closing parenthesis: utime and stime
		// are the 14th and 15th of the line.
		_, rest, ok := strings.Cut(string(st), ") ")
		if f := strings.Fields(rest); ok && len(f) > 12 {
			u, _ := strconv.ParseInt(f[11], 10, 64)
			s, _ := strconv.ParseInt(f[12], 10, 64)
			ticks += u + s
		}
	}
	return time.Duration(ticks) * time.Second / 100 // USER_HZ
}
