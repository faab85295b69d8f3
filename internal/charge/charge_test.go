package charge_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/charge"
	"cee/internal/model"
)

// A short run against the real demo application: every role logs in
// through /dev/connexion, does its pages without an error, and the server's
// CPU is read from /proc.
func TestRunAgainstTheDemo(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	r, err := charge.Run(context.Background(), charge.Options{URL: srv.URL, Users: 10, Duration: 10 * time.Second,
		Think: 50 * time.Millisecond, PID: os.Getpid(), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	r.Write(&out)
	t.Log(out.String())
	if r.Errors != 0 || r.Requests < 20 {
		t.Fatalf("%d requests, %d errors: want many and none", r.Requests, r.Errors)
	}
	for _, page := range []string{"GET /demandes/{id}", "GET /jurys/{id}", "POST /demandes", "GET /conseillers?q=…", "GET /tableau-de-bord"} {
		if !strings.Contains(out.String(), "| "+page+" |") {
			t.Errorf("no %s in the run: a role did not reach its pages", page)
		}
	}
	if r.ServerCPU <= 0 || r.ServerPeakRSS <= 0 {
		t.Errorf("server CPU %s, peak memory %d: not read from /proc", r.ServerCPU, r.ServerPeakRSS)
	}
}

func TestParseMix(t *testing.T) {
	m, err := charge.ParseMix("pilote=1, conseiller=3")
	if err != nil || m[model.RolePilote] != 1 || m[model.RoleConseiller] != 3 || len(m) != 2 {
		t.Errorf("%v %v", m, err)
	}
	for _, bad := range []string{"pilote", "pilote=x", "inconnu=2", "pilote=-1"} {
		if _, err := charge.ParseMix(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
