package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runCee runs the binary and returns its exit code, stdout and stderr.
func runCee(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = cleanEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
}

// gen, solve, check and lp on one generated instance; then check catches
// a result that was tampered with.
func TestJuryCommands(t *testing.T) {
	dir := t.TempDir()
	inst, res, lp := filepath.Join(dir, "i.json"), filepath.Join(dir, "r.json"), filepath.Join(dir, "m.lp")
	if code, out, errOut := runCee(t, "jury", "gen", "--seats", "120", "--people", "240", "--seed", "4", "--out", inst); code != 0 {
		t.Fatalf("gen: %d %s %s", code, out, errOut)
	}
	code, out, errOut := runCee(t, "jury", "solve", "--in", inst, "--out", res, "--time-limit", "20s")
	if code != 0 || !strings.Contains(out, "borne inférieure") || !strings.Contains(out, "place(s) vide(s)") {
		t.Fatalf("solve: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := runCee(t, "jury", "check", "--in", inst, "--result", res); code != 0 || !strings.Contains(out, "aucune violation") {
		t.Fatalf("check: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runCee(t, "jury", "lp", "--in", inst, "--out", lp); code != 0 {
		t.Fatalf("lp: %d %s", code, errOut)
	}
	if data, _ := os.ReadFile(lp); !bytes.HasSuffix(data, []byte("End\n")) || !bytes.Contains(data, []byte("Binary\n")) {
		t.Error("the LP file lacks its Binary section or its final End")
	}

	// Seat the first assigned person a second time in the same jury, and
	// state a wrong objective.
	data, _ := os.ReadFile(res)
	var r map[string]any
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	as := r["assignments"].([]any)
	r["assignments"] = append(as, as[0])
	r["objective"] = 1.0
	data, _ = json.Marshal(r)
	os.WriteFile(res, data, 0o644)
	code, out, _ = runCee(t, "jury", "check", "--in", inst, "--result", res)
	if code != 1 || !strings.Contains(out, "figure deux fois") || !strings.Contains(out, "objectif annoncé") {
		t.Errorf("tampered result: exit %d, %s", code, out)
	}
}

func TestJuryBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"version": 1, "weights": {"km": 1, "unfilled": 1000, "college": 50},
		"juries": [{"id": "J1", "specialty": "X", "lat": 48, "lon": 2, "halfdays": ["2027-06-14AM"], "seats": -2, "employers": 0, "employees": 0}],
		"people": [{"id": "P1", "specialties": ["X"], "college": "employer", "lat": NaN, "lon": 2, "available": [], "max_halfdays": 2, "max_km": 50}],
		"locked": [{"jury": "J1", "person": "P2"}]}`), 0o644)
	code, _, errOut := runCee(t, "jury", "solve", "--in", bad, "--out", filepath.Join(dir, "r.json"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"juries[0].seats : -2 places", "people[0].lat : NaN n'est pas une coordonnée valide"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
	// A time limit shorter than the reading: a clear error, no result.
	good := filepath.Join(dir, "i.json")
	if code, out, errOut := runCee(t, "jury", "gen", "--seats", "100", "--people", "200", "--out", good); code != 0 {
		t.Fatalf("gen: %d %s %s", code, out, errOut)
	}
	out := filepath.Join(dir, "late.json")
	if code, _, errOut := runCee(t, "jury", "solve", "--in", good, "--out", out, "--time-limit", "1ns"); code != 1 ||
		!strings.Contains(errOut, "lecture de l'instance interrompue : la limite de temps est atteinte") {
		t.Errorf("--time-limit 1ns: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a result was written without an instance")
	}
	for _, args := range [][]string{{"jury"}, {"jury", "resoudre"}, {"jury", "solve", "--in", bad}, {"jury", "gen", "--seats", "0", "--out", bad}} {
		if code, _, errOut := runCee(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut)
		}
	}
}

// Two runs write byte-identical solutions: the timings go to their own file.
func TestJurySolveReproducible(t *testing.T) {
	dir := t.TempDir()
	inst := filepath.Join(dir, "i.json")
	if code, out, errOut := runCee(t, "jury", "gen", "--seats", "150", "--people", "100", "--seed", "2", "--family", "multi", "--out", inst); code != 0 {
		t.Fatalf("gen: %d %s %s", code, out, errOut)
	}
	var outs [2][]byte
	for i := range outs {
		res, tim := filepath.Join(dir, fmt.Sprint("r", i, ".json")), filepath.Join(dir, fmt.Sprint("t", i, ".json"))
		if code, out, errOut := runCee(t, "jury", "solve", "--in", inst, "--out", res, "--timings", tim); code != 0 {
			t.Fatalf("solve: %d %s %s", code, out, errOut)
		}
		outs[i], _ = os.ReadFile(res)
		if data, _ := os.ReadFile(tim); !bytes.Contains(data, []byte(`"seconds":`)) {
			t.Errorf("timings file %s", data)
		}
		if bytes.Contains(outs[i], []byte("seconds")) {
			t.Error("the solution holds timings")
		}
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two runs wrote different solutions")
	}
}
