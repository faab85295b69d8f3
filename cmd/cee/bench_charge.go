package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"cee/internal/charge"
	"cee/internal/config"
	"cee/internal/store"
)

// benchChargeCmd parses « cee bench charge --url … --users N --duration D »:
// the load test of a running server (see internal/charge).
func benchChargeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cee bench charge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	u := fs.String("url", "http://127.0.0.1:8080", "adresse du serveur à charger, lancé avec --demo ou --dev (connexion par /dev/connexion)")
	users := fs.Int("users", 50, "utilisateurs virtuels simultanés")
	duration := fs.Duration("duration", time.Minute, "durée de la mesure, après les connexions")
	think := fs.Duration("think", 10*time.Second, "pause moyenne entre deux pages d'un utilisateur (tirée entre la moitié et une fois et demie)")
	mix := fs.String("mix", "pilote=2,conseiller=4,etablissement=3,examens=1", "part de chaque rôle")
	pid := fs.Int("pid", 0, "processus du serveur, pour son temps CPU par requête (/proc/<pid>/stat)")
	dbURL := fs.String("database-url", "", "base PostgreSQL du serveur, pour le temps CPU de ses connexions (même machine)")
	seed := fs.Uint64("seed", 1, "graine des choix des utilisateurs")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *users < 1 || *duration <= 0 || *think < 0 {
		return config.Usagef("--users : 1 au moins ; --duration et --think : des durées positives")
	}
	m, err := charge.ParseMix(*mix)
	if err != nil {
		return config.Usagef("%v", err)
	}
	o := charge.Options{URL: *u, Users: *users, Duration: *duration, Think: *think, Mix: m, PID: *pid, Seed: *seed}
	if *dbURL != "" {
		s, err := store.Open(ctx, *dbURL)
		if err != nil {
			return err
		}
		defer s.Close()
		o.Backends = s.BackendPIDs
	}
	fmt.Fprintf(stdout, "charge : %d utilisateurs sur %s pendant %s, pause %s\n", *users, *u, *duration, *think)
	r, err := charge.Run(ctx, o)
	if err != nil {
		return err
	}
	r.Write(stdout)
	return nil
}
