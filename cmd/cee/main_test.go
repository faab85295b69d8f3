package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
)

var binary string

// The binary is built once: exit codes, messages on stderr and signals are
// checked on the real process.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cee-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "cee")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestBadConfigurationExitsWithTwo(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	file := filepath.Join(t.TempDir(), "fichier")
	os.WriteFile(file, []byte("x"), 0o600)

	tests := []struct {
		name string
		args []string
		env  []string
		want string
	}{
		{"no command", nil, nil, "indiquez une commande"},
		{"unknown command", []string{"lancer"}, nil, "commande \"lancer\" inconnue"},
		{"unknown flag", []string{"serve", "--port", "80"}, nil, "flag provided but not defined"},
		{"unknown scheme", []string{"migrate"}, []string{"CEE_DATABASE_URL=mysql://localhost/cee"}, "schéma \"mysql\" inconnu"},
		{"unreachable database", []string{"migrate"}, []string{"CEE_DATABASE_URL=postgres://cee@127.0.0.1:1/cee?connect_timeout=2"}, "base de données injoignable"},
		{"unwritable data dir", []string{"serve", "--demo", "--data-dir", filepath.Join(file, "sous-dossier")}, nil, "dossier de données"},
		{"port in use", []string{"serve", "--demo", "--data-dir", t.TempDir(), "--addr", busy.Addr().String()}, nil, "impossible d'écouter"},
		{"bad scale", []string{"demo", "--scale", "europe", "--data-dir", t.TempDir()}, nil, "échelle \"europe\" inconnue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(binary, tt.args...)
			cmd.Env = append(cleanEnv(), tt.env...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 2 {
				t.Fatalf("exit = %v, want code 2; stderr: %s", err, stderr.String())
			}
			msg := stderr.String()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("stderr %q does not contain %q", msg, tt.want)
			}
			if strings.Contains(msg, "goroutine") || strings.Contains(msg, "panic") {
				t.Errorf("stack trace on stderr: %s", msg)
			}
			last := lastLine(msg)
			if !strings.HasPrefix(last, "cee : ") {
				t.Errorf("last line %q is not the one-line message", last)
			}
		})
	}
}

// serve --demo starts on an empty database, answers, and stops cleanly on
// SIGTERM with exit code 0.
func TestServeAndGracefulShutdown(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary, "serve", "--demo", "--addr", "127.0.0.1:0", "--data-dir", dir)
	cmd.Env = cleanEnv()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	url := waitForURL(t, stdout)
	resp, err := http.Get(url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/readyz = %d %s", resp.StatusCode, body)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("still running 30 s after SIGTERM")
	}
	if _, err := os.Stat(filepath.Join(dir, "cee.db")); err != nil {
		t.Errorf("no SQLite file in the data folder: %v", err)
	}
}

func TestVersion(t *testing.T) {
	out, err := exec.Command(binary, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "cee ") {
		t.Fatalf("version: %q %v", out, err)
	}
}

var readyURL = regexp.MustCompile(`msg=prêt url=(http://[0-9.:]+)`)

func waitForURL(t *testing.T, r io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if m := readyURL.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				io.Copy(io.Discard, r)
				return
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	select {
	case u := <-found:
		return u
	case <-ctx.Done():
		t.Fatal("the server never logged that it was ready")
	}
	return ""
}

// cleanEnv drops CEE_* variables of the developer's shell.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CEE_") {
			out = append(out, kv)
		}
	}
	return out
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// The first account of an installation, from the command line.
func TestAdminCreate(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (string, error) {
		cmd := exec.Command(binary, append([]string{"admin", "create", "--data-dir", dir}, args...)...)
		cmd.Env = cleanEnv()
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("--email", "Admin@Education.gouv.fr", "--role", "admin", "--nom", "Aline Admin")
	if err != nil || !strings.Contains(out, "admin@education.gouv.fr") {
		t.Fatalf("%v: %s", err, out)
	}
	// A second role for the same (case-insensitive) address joins the account.
	if out, err := run("--email", "admin@education.gouv.fr", "--role", "pilote", "--academie", "16"); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	s, err := store.Open(context.Background(), "sqlite:"+filepath.Join(dir, "cee.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.GetCompteByEmail(context.Background(), "admin@education.gouv.fr")
	if err != nil || c.Statut != model.CompteActif || len(c.Habilitations) != 2 || c.Nom != "Aline Admin" {
		t.Fatalf("account %+v, %v", c, err)
	}
	for _, bad := range [][]string{
		{"--email", "pas-une-adresse", "--role", "admin"},
		{"--email", "a@b.fr", "--role", "roi"},
		{"--email", "a@b.fr", "--role", "pilote"}, // no académie
	} {
		out, err := run(bad...)
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.HasPrefix(lastLine(out), "cee : ") {
			t.Errorf("%v: exit %v, %q", bad, err, out)
		}
	}

	// Issue 20: a record-scoped role needs a record that exists in
	// --academie; nothing is written otherwise.
	org, err := s.CreateOrganisation(context.Background(), model.Organisation{Nom: "MEDEF Toulouse", Type: model.OrgBranche, Academies: []string{"16"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--email", "r@medef.fr", "--role", "organisation", "--academie", "16", "--ref", "999999"}, "Aucune organisation n° 999999"},
		{[]string{"--email", "r@medef.fr", "--role", "organisation", "--academie", "01", "--ref", fmt.Sprint(org)}, "n'appartient pas à l'académie de Paris"},
		{[]string{"--email", "r@medef.fr", "--role", "partenaire", "--academie", "16", "--ref", "999999"}, "Aucun campus, pôle de stage ni lycée des métiers n° 999999"},
		{[]string{"--email", "r@medef.fr", "--role", "departement", "--academie", "16", "--ref", "34"}, "n'appartient pas à l'académie de Toulouse"},
		{[]string{"--email", "r@medef.fr", "--role", "region_academique", "--academie", "16", "--ref", "Bretagne"}, "pas Bretagne"},
	} {
		out, err := run(bad.args...)
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(out, bad.want) {
			t.Errorf("%v: exit %v, %q, want %q", bad.args, err, out, bad.want)
		}
	}
	if _, err := s.GetCompteByEmail(context.Background(), "r@medef.fr"); err == nil {
		t.Error("account created for a refused --ref")
	}
	if out, err := run("--email", "r@medef.fr", "--role", "organisation", "--academie", "16", "--ref", fmt.Sprint(org)); err != nil {
		t.Errorf("organisation of its académie: %v %s", err, out)
	}
	// The territorial readers: a département of --academie, the région
	// académique of --academie (filled in).
	if out, err := run("--email", "dsden31@ac-toulouse.fr", "--role", "departement", "--academie", "16", "--ref", "031"); err != nil {
		t.Errorf("département of its académie: %v %s", err, out)
	}
	if out, err := run("--email", "drafpic@region-academique-occitanie.fr", "--role", "region_academique", "--academie", "16"); err != nil {
		t.Errorf("région académique of its académie: %v %s", err, out)
	}
	for email, want := range map[string]string{"dsden31@ac-toulouse.fr": "31", "drafpic@region-academique-occitanie.fr": "Occitanie"} {
		c, err := s.GetCompteByEmail(context.Background(), email)
		if err != nil || len(c.Habilitations) != 1 || c.Habilitations[0].Ref != want {
			t.Errorf("%s: %+v %v, want the territory %q", email, c.Habilitations, err, want)
		}
	}
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "registre.csv")
	os.WriteFile(file, []byte("Nom;Prénom;E-mail;Date de nomination\nDupré;Hélène;h.dupre@exemple.fr;01/09/2025\nX;Y;pas-une-adresse;\n"), 0o600)
	run := func(args ...string) (string, int) {
		cmd := exec.Command(binary, append([]string{"import", "conseillers"}, args...)...)
		cmd.Env = cleanEnv()
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return string(out), exit.ExitCode()
		}
		return string(out), 0
	}
	out, code := run(file, "--academie", "16", "--data-dir", dir)
	if code != 1 || !strings.Contains(out, "importés: 1, mis à jour: 0, inchangés: 0, rejetés: 1") || !strings.Contains(out, "rien n'a été écrit") {
		t.Errorf("with a rejected line: exit %d, %s", code, out)
	}
	report, err := os.ReadFile(filepath.Join(dir, "registre-rapport.csv"))
	if err != nil || !strings.Contains(string(report), "3;E-mail;") {
		t.Errorf("report: %q %v", report, err)
	}
	out, code = run("--academie", "16", "--skip-invalid", "--data-dir", dir, file)
	if code != 0 || !strings.Contains(out, "importés: 1,") {
		t.Errorf("skip invalid: exit %d, %s", code, out)
	}
	out, code = run(file, "--academie", "16", "--skip-invalid", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "importés: 0, mis à jour: 0, inchangés: 1, rejetés: 1") {
		t.Errorf("re-import: exit %d, %s", code, out)
	}
	if out, code := run(file, "--data-dir", dir); code != 2 || !strings.Contains(out, "--academie manquant") {
		t.Errorf("no académie: exit %d, %s", code, out)
	}
}

// Issue 15 item 8: the command prints how each column was understood, the
// unknown ones included; an unknown organisation is not created without a
// choice (nothing is written); --mapping gives the choices, which the
// académie then remembers; a commune outside the académie is flagged.
func TestImportMapping(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "registre.csv")
	os.WriteFile(file, []byte("Nom;Prénom;E-mail;Organisation;Zone;Code postal;Commune\n"+
		"Dupré;Hélène;h.dupre@exemple.fr;Fédération du paysage;Nord;31000;Toulouse\n"+
		"Roux;Paul;p.roux@exemple.fr;Fédération du paysage;Sud;34000;Montpellier\n"), 0o600)
	mapping := filepath.Join(dir, "choix.csv")
	os.WriteFile(mapping, []byte("type;valeur;choix\ncolonne;Zone;Secteur\norganisation;Fédération du paysage;creer\n"), 0o600)
	run := func(args ...string) (string, int) {
		cmd := exec.Command(binary, append([]string{"import", "conseillers", file, "--academie", "16", "--data-dir", dir}, args...)...)
		cmd.Env = cleanEnv()
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return string(out), exit.ExitCode()
		}
		return string(out), 0
	}
	out, code := run()
	for _, want := range []string{"« E-mail » → Courriel (Email)", "« Zone » → ignorée (inconnue", "organisation inconnue « Fédération du paysage » (2 ligne(s)) : aucun choix",
		"attention, ligne 3 : commune Montpellier 34000 (Hérault (34)) hors de l'académie de Toulouse", "rien n'a été écrit : 1 organisation(s) inconnue(s) sans choix"} {
		if !strings.Contains(out, want) {
			t.Errorf("sans choix : %q absent de\n%s", want, out)
		}
	}
	if code != 1 {
		t.Errorf("sans choix : exit %d, want 1", code)
	}
	s, err := store.Open(context.Background(), "sqlite:"+filepath.Join(dir, "cee.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if orgs, _ := s.ListOrganisations(context.Background(), "16"); len(orgs) != 0 {
		t.Fatalf("organisation créée sans choix : %+v", orgs)
	}
	out, code = run("--mapping", mapping)
	if code != 0 || !strings.Contains(out, "« Zone » → Secteur d'activité (Secteur), choisi") || !strings.Contains(out, "importés: 2") {
		t.Errorf("avec --mapping : exit %d\n%s", code, out)
	}
	if orgs, _ := s.ListOrganisations(context.Background(), "16"); len(orgs) != 1 || orgs[0].Nom != "Fédération du paysage" {
		t.Errorf("organisation choisie « créer » : %+v", orgs)
	}
	// The académie remembers the columns' choice.
	out, _ = run("--dry-run")
	if !strings.Contains(out, "« Zone » → Secteur d'activité (Secteur), choisi") {
		t.Errorf("correspondance non mémorisée :\n%s", out)
	}
	if out, code := run("--mapping", filepath.Join(dir, "absent.csv")); code != 2 || !strings.Contains(out, "--mapping") {
		t.Errorf("--mapping absent : exit %d, %s", code, out)
	}
}

// cee demo creates the demo accounts too, so that a demo generated apart
// (the national one included) can be logged in to.
func TestDemoCreatesAccounts(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary, "demo", "--scale", "small", "--data-dir", dir)
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(string(out), "pilote@demo.example") {
		t.Errorf("the output does not name the demo accounts: %s", out)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "cee.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, email := range []string{"pilote@demo.example", "conseiller@demo.example", "etablissement@demo.example", "examens@demo.example"} {
		c, err := s.GetCompteByEmail(ctx, email)
		if err != nil || c.Statut != model.CompteActif {
			t.Errorf("%s: %+v %v", email, c, err)
		}
	}
}

// `cee import jurys` reads the exam division's export into a session: the
// mapping printed, an unknown centre reported with its line and nothing
// written, then a --mapping file that names the centre's column differently
// and the valid file written.
func TestImportJurysCommand(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (string, int) {
		cmd := exec.Command(binary, append(args, "--data-dir", dir)...)
		cmd.Env = cleanEnv()
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return string(out), exit.ExitCode()
		}
		return string(out), 0
	}
	if out, code := run("import", "etablissements", "../../internal/importer/testdata/annuaire-occitanie-extrait.csv", "--rapport", filepath.Join(dir, "r.csv")); code != 0 {
		t.Fatalf("annuaire: %d\n%s", code, out)
	}
	s, err := store.Open(context.Background(), "sqlite:"+filepath.Join(dir, "cee.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sid, err := s.CreateSessionExamen(context.Background(), model.SessionExamen{Academie: "16", Nom: "juin 2027",
		Debut: time.Date(2027, 6, 14, 0, 0, 0, 0, time.UTC), Fin: time.Date(2027, 6, 18, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "jurys.csv")
	os.WriteFile(file, []byte("Libellé spécialité;Lieu des oraux;Commune;Date;Demi-journée;Nombre de membres;Observations\n"+
		"CAP Boulanger;LP Stéphane Hessel;Toulouse;14/06/2027;matin;2;\n"+
		"CAP Boulanger;Lycée Bellevue;Toulouse;14/06/2027;après-midi;2;\n"), 0o600)
	session := strconv.FormatInt(sid, 10)
	out, code := run("import", "jurys", file, "--session", session)
	if code != 2 || !strings.Contains(out, "Centre d'examen") || !strings.Contains(out, "« Lieu des oraux » → ignorée (inconnue") {
		t.Errorf("without the centre's column: exit %d\n%s", code, out)
	}
	mapping := filepath.Join(dir, "choix.csv")
	os.WriteFile(mapping, []byte("colonne;Lieu des oraux;Centre\ncolonne;Observations;ignorer\n"), 0o600)
	out, code = run("import", "jurys", file, "--session", session, "--mapping", mapping)
	if code != 1 || !strings.Contains(out, "ligne 3, Lieu des oraux : centre d'examen « Lycée Bellevue » inconnu") || !strings.Contains(out, "Lycée polyvalent Bellevue (Toulouse, 0310038Y)") ||
		!strings.Contains(out, "rien n'a été écrit") {
		t.Errorf("unknown centre: exit %d\n%s", code, out)
	}
	if js, _ := s.ListJurys(context.Background(), sid); len(js) != 0 {
		t.Fatalf("%d juries written", len(js))
	}
	out, code = run("import", "jurys", file, "--session", session, "--mapping", mapping, "--skip-invalid")
	if code != 0 || !strings.Contains(out, "jurys créés : 1") {
		t.Errorf("--skip-invalid: exit %d\n%s", code, out)
	}
	if js, _ := s.ListJurys(context.Background(), sid); len(js) != 1 || js[0].UAI != "0310091F" || js[0].Code != "CAP-BOUL-01" {
		t.Errorf("juries %+v", js)
	}
}
