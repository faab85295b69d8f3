package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"time"

	"cee/internal/config"
	"cee/internal/optim"
	"cee/internal/optim/gen"
)

const juryUsage = "utilisation : cee jury solve|check|gen|lp … / usage: cee jury solve|check|gen|lp"

// juryCmd runs the jury assignment commands on instance files (format in
// docs/jury.md); none of them needs the database.
func juryCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return config.Usagef("%s", juryUsage)
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("cee jury "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch sub {
	case "solve":
		in := fs.String("in", "", "instance JSON")
		out := fs.String("out", "", "fichier résultat JSON (la solution : identique d'une exécution à l'autre)")
		timings := fs.String("timings", "", "fichier JSON des durées de l'exécution (facultatif)")
		limit := fs.Duration("time-limit", 0, "durée maximale (ex. 30s) ; la meilleure solution trouvée est rendue")
		k := fs.Int("k", 0, "candidats retenus par jury et collège dans la relaxation (0 : défaut, -1 : tous)")
		rounds := fs.Int("rounds", 0, "tours de relaxation lagrangienne (0 : défaut, 1 : un seul flot)")
		if err := parse(fs, rest); err != nil {
			return err
		}
		if *in == "" || *out == "" {
			return config.Usagef("--in et --out sont obligatoires / --in and --out are required")
		}
		if *limit < 0 {
			return config.Usagef("--time-limit : durée positive attendue")
		}
		return jurySolve(ctx, *in, *out, *timings, *limit, optim.Options{K: *k, Rounds: *rounds}, stdout)
	case "check":
		in := fs.String("in", "", "instance JSON")
		result := fs.String("result", "", "résultat JSON à vérifier")
		if err := parse(fs, rest); err != nil {
			return err
		}
		if *in == "" || *result == "" {
			return config.Usagef("--in et --result sont obligatoires / --in and --result are required")
		}
		return juryCheck(*in, *result, stdout)
	case "gen":
		seats := fs.Int("seats", 200, "nombre total de places")
		people := fs.Int("people", 400, "nombre de personnes")
		seed := fs.Uint64("seed", 1, "graine : la même graine donne la même instance")
		scarce := fs.Bool("scarce", false, "instance tendue (personnes plus loin, moins disponibles) ; abondante par défaut")
		family := fs.String("family", "", "famille d'instances : multi (jurys sur plusieurs demi-journées), tight (1 à 3 demi-journées par personne), large (jurys de 2 à 8 places sur 1 à 6 demi-journées) ; défaut si vide")
		out := fs.String("out", "", "fichier instance JSON")
		if err := parse(fs, rest); err != nil {
			return err
		}
		if *out == "" {
			return config.Usagef("--out est obligatoire / --out is required")
		}
		if !slices.Contains(gen.Families, *family) {
			return config.Usagef("--family : %q inconnue (multi, tight ou large)", *family)
		}
		if *seats < 1 || *people < 1 {
			return config.Usagef("--seats et --people : 1 au moins")
		}
		inst := gen.Generate(gen.Options{Seats: *seats, People: *people, Seed: *seed, Scarce: *scarce, Family: *family})
		if err := writeJSON(*out, inst); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "instance %s : %d jurys, %d places, %d personnes (graine %d)\n", *out, len(inst.Juries), *seats, len(inst.People), *seed)
		return nil
	case "lp":
		in := fs.String("in", "", "instance JSON")
		out := fs.String("out", "", "modèle LP (format CPLEX)")
		if err := parse(fs, rest); err != nil {
			return err
		}
		if *in == "" || *out == "" {
			return config.Usagef("--in et --out sont obligatoires / --in and --out are required")
		}
		inst, err := readInstance(*in)
		if err != nil {
			return err
		}
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		if err := optim.WriteLP(f, inst); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	return config.Usagef("sous-commande %q inconnue ; %s", sub, juryUsage)
}

func readInstance(path string) (*optim.Instance, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	inst, err := optim.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s :\n%w", path, err)
	}
	return inst, nil
}

func writeJSON(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// writeMargin is kept from the time limit to write the result: the
// solution of a national instance is a few megabytes of JSON.
const writeMargin = 50 * time.Millisecond

func jurySolve(ctx context.Context, in, out, timingsPath string, limit time.Duration, opt optim.Options, stdout io.Writer) error {
	start := time.Now()
	// The limit counts from here: reading the instance is part of it.
	if limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, start.Add(max(limit-writeMargin, limit*9/10)))
		defer cancel()
	}
	// Parse, not Decode: Solve validates, once; reading stops at the
	// deadline.
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	inst, err := optim.Parse(ctx, f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s :\n%w", in, err)
	}
	res, err := optim.Solve(ctx, inst, opt)
	if err != nil {
		return fmt.Errorf("%s :\n%w", in, err)
	}
	timings := res.Timings
	res.Timings = nil
	if err := writeJSON(out, res); err != nil {
		return err
	}
	timings.Seconds = time.Since(start).Seconds() // reading and writing included
	if timingsPath != "" {
		if err := writeJSON(timingsPath, timings); err != nil {
			return err
		}
	}
	s := res.Stats
	gap := "écart à l'optimum non borné (borne nulle)"
	if g, ok := res.GapBound(); ok {
		gap = fmt.Sprintf("au plus %.2f %% au-dessus de l'optimum", 100*g)
	}
	fmt.Fprintf(stdout, "objectif %.1f, borne inférieure %.1f, %s\n", res.Objective, res.LowerBound, gap)
	fmt.Fprintf(stdout, "%d affectation(s), %d place(s) vide(s) sur %d dans %d jury(s), %d manque(s) employeur/salarié\n",
		s.Assigned, s.UnfilledSeats, s.Seats, len(res.Unfilled), s.CollegeShortfall)
	fmt.Fprintf(stdout, "distance p95 %.1f km, charge max %d demi-journée(s), %.2f s", s.P95Km, s.MaxLoad, timings.Seconds)
	if timings.TimedOut {
		fmt.Fprint(stdout, " (limite de temps atteinte : meilleure solution trouvée)")
	}
	fmt.Fprintln(stdout)
	return nil
}

func juryCheck(in, resultPath string, stdout io.Writer) error {
	inst, err := readInstance(in)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(resultPath)
	if err != nil {
		return err
	}
	var res optim.Result
	if err := json.Unmarshal(data, &res); err != nil {
		return fmt.Errorf("%s : JSON invalide : %v", resultPath, err)
	}
	v := optim.Check(inst, &res)
	for _, msg := range v.Violations {
		fmt.Fprintln(stdout, "violation :", msg)
	}
	// The stated objective is rounded by JSON only at the 17th digit; a
	// relative tolerance covers the order of the float sums.
	if diff := math.Abs(v.Objective - res.Objective); diff > 1e-6*math.Max(1, math.Abs(v.Objective)) {
		fmt.Fprintf(stdout, "violation : objectif annoncé %.6f, recalculé %.6f\n", res.Objective, v.Objective)
		v.Violations = append(v.Violations, "objectif")
	}
	if res.LowerBound > v.Objective+1e-6*math.Max(1, math.Abs(v.Objective)) {
		fmt.Fprintf(stdout, "violation : borne inférieure %.6f au-dessus de l'objectif %.6f\n", res.LowerBound, v.Objective)
		v.Violations = append(v.Violations, "borne")
	}
	if len(v.Violations) > 0 {
		return fmt.Errorf("%d violation(s)", len(v.Violations))
	}
	fmt.Fprintf(stdout, "aucune violation : %d affectation(s), objectif %.1f vérifié\n", len(res.Assignments), v.Objective)
	return nil
}
