package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"cee/internal/backup"
	"cee/internal/config"
)

// backupCmd is `cee backup --out FILE [--force] [--data-dir data]`: a
// consistent copy taken while the server keeps running.
func backupCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cee backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.DataFlags(fs)
	out := fs.String("out", "", "fichier de sauvegarde à écrire / backup file to write")
	force := fs.Bool("force", false, "remplace le fichier s'il existe / replace an existing file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return config.Usagef("--out manquant : cee backup --out cee-$(date +%%F).bak / missing --out")
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	res, err := backup.Backup(ctx, cfg.DatabaseURL, *out, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sauvegarde %s écrite : %s (%d octets, %s)\n", res.Dialect, res.File, res.Size, res.Duration.Round(time.Millisecond))
	return nil
}

// restoreCmd is `cee restore --in FILE [--force] [--data-dir data]`, with
// the server stopped; pending migrations are applied afterwards.
func restoreCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cee restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.DataFlags(fs)
	in := fs.String("in", "", "fichier de sauvegarde à restaurer / backup file to restore")
	force := fs.Bool("force", false, "remplace une base qui contient déjà des données / replace a database that holds data")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *in == "" {
		return config.Usagef("--in manquant : cee restore --in fichier.bak / missing --in")
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	res, err := backup.Restore(ctx, cfg.DatabaseURL, *in, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sauvegarde %s restaurée sur %s en %s ; %d migration(s) appliquée(s)\n",
		res.File, res.Dialect, res.Duration.Round(time.Millisecond), res.Applied)
	return nil
}
