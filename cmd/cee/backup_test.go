package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"cee/internal/store"
)

// runBackupCmd runs the built binary and returns its exit code, stdout and stderr.
func runBackupCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = cleanEnv()
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("%v: %v", args, err)
	}
	return code, out.String(), errOut.String()
}

func TestBackupRestoreCommands(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	file := filepath.Join(t.TempDir(), "cee.bak")
	if code, out, errOut := runBackupCmd(t, "admin", "create", "--data-dir", src, "--email", "source@example.fr", "--role", "admin"); code != 0 {
		t.Fatalf("admin create: %d %s %s", code, out, errOut)
	}
	code, out, errOut := runBackupCmd(t, "backup", "--data-dir", src, "--out", file)
	if code != 0 || !strings.Contains(out, "sauvegarde sqlite écrite") {
		t.Fatalf("backup: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := runBackupCmd(t, "backup", "--data-dir", src, "--out", file); code != 2 || !strings.Contains(errOut, "existe déjà") {
		t.Errorf("backup over an existing file: exit %d, %q", code, errOut)
	}

	// The target already holds an account (and its migrations).
	if code, out, errOut := runBackupCmd(t, "admin", "create", "--data-dir", dst, "--email", "cible@example.fr", "--role", "admin"); code != 0 {
		t.Fatalf("admin create: %d %s %s", code, out, errOut)
	}
	code, _, errOut = runBackupCmd(t, "restore", "--data-dir", dst, "--in", file)
	if code != 2 || !strings.Contains(errOut, "n'est pas vide") || !strings.Contains(errOut, "--force") || !strings.HasPrefix(lastLine(errOut), "cee : ") {
		t.Fatalf("restore over a non-empty database: exit %d, %q", code, errOut)
	}
	if !hasAccount(t, dst, "cible@example.fr") {
		t.Fatal("refused restore changed the database")
	}
	code, out, errOut = runBackupCmd(t, "restore", "--data-dir", dst, "--in", file, "--force")
	if code != 0 || !strings.Contains(out, "restaurée") {
		t.Fatalf("restore --force: exit %d, %q %q", code, out, errOut)
	}
	if !hasAccount(t, dst, "source@example.fr") || hasAccount(t, dst, "cible@example.fr") {
		t.Error("restored database is not the backup")
	}

	if code, _, errOut := runBackupCmd(t, "restore", "--data-dir", dst); code != 2 || !strings.Contains(errOut, "--in manquant") {
		t.Errorf("restore without --in: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runBackupCmd(t, "restore", "--data-dir", dst, "--in", filepath.Join(src, "absent.bak")); code != 2 || !strings.Contains(errOut, "introuvable") {
		t.Errorf("restore of a missing file: exit %d, %q", code, errOut)
	}
}

// While `cee serve` runs, a backup works and a restore is refused, even
// with --force: replacing the file under the server would corrupt it.
func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "cee.bak")
	cmd := exec.Command(binary, "serve", "--demo", "--addr", "127.0.0.1:0", "--data-dir", dir)
	cmd.Env = cleanEnv()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitForURL(t, stdout)

	if code, out, errOut := runBackupCmd(t, "backup", "--data-dir", dir, "--out", file); code != 0 {
		t.Fatalf("backup while serving: exit %d, %q %q", code, out, errOut)
	}
	code, _, errOut := runBackupCmd(t, "restore", "--data-dir", dir, "--in", file, "--force")
	if code != 2 || !strings.Contains(errOut, "ouverte par un autre processus") {
		t.Errorf("restore under a running server: exit %d, %q", code, errOut)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("server still running 30 s after SIGTERM")
	}
	// Server stopped: the same restore goes through.
	if code, out, errOut := runBackupCmd(t, "restore", "--data-dir", dir, "--in", file, "--force"); code != 0 {
		t.Errorf("restore after stop: exit %d, %q %q", code, out, errOut)
	}
}

func hasAccount(t *testing.T, dir, email string) bool {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "cee.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.GetCompteByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}
