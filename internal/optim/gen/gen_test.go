package gen

import (
	"encoding/json"
	"testing"

	"cee/internal/optim"
)

func TestGenerate(t *testing.T) {
	for _, scarce := range []bool{false, true} {
		o := Options{Seats: 500, People: 1000, Seed: 3, Scarce: scarce}
		inst := Generate(o)
		if err := optim.Validate(inst); err != nil {
			t.Fatalf("scarce=%v: generated instance invalid: %v", scarce, err)
		}
		seats, multi := 0, 0
		for _, j := range inst.Juries {
			seats += j.Seats
			if len(j.HalfDays) > 1 {
				multi++
			}
		}
		if seats != o.Seats || len(inst.People) != o.People {
			t.Errorf("%d seats, %d people; want %d, %d", seats, len(inst.People), o.Seats, o.People)
		}
		if share := float64(multi) / float64(len(inst.Juries)); share < 0.15 || share > 0.45 {
			t.Errorf("%.0f %% of juries span several half-days, want about 30 %%", 100*share)
		}
		a, _ := json.Marshal(inst)
		b, _ := json.Marshal(Generate(o))
		if string(a) != string(b) {
			t.Error("same options, different instances")
		}
		o.Seed++
		c, _ := json.Marshal(Generate(o))
		if string(a) == string(c) {
			t.Error("another seed gives the same instance")
		}
	}
}

// A scarce instance leaves more seats empty than an abundant one of the
// same size: the CLI's --scarce flag means something.
func TestScarceIsScarcer(t *testing.T) {
	empty := func(scarce bool) int {
		inst := Generate(Options{Seats: 400, People: 800, Seed: 5, Scarce: scarce})
		res, err := optim.Solve(t.Context(), inst, optim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res.Stats.UnfilledSeats
	}
	abundant, scarce := empty(false), empty(true)
	if scarce <= 2*abundant {
		t.Errorf("%d empty seats when scarce, %d when abundant", scarce, abundant)
	}
	t.Logf("empty seats: %d abundant, %d scarce", abundant, scarce)
}

// Each family has the shape it is named for.
func TestFamilies(t *testing.T) {
	for _, fam := range Families[1:] {
		inst := Generate(Options{Seats: 600, People: 400, Seed: 2, Family: fam})
		if err := optim.Validate(inst); err != nil {
			t.Fatalf("%s: %v", fam, err)
		}
		multi, maxSeats, maxHD := 0, 0, 0
		towns := map[[2]float64]bool{}
		for _, j := range inst.Juries {
			if len(j.HalfDays) > 1 {
				multi++
			}
			maxSeats, maxHD = max(maxSeats, j.Seats), max(maxHD, len(j.HalfDays))
			towns[[2]float64{j.Lat, j.Lon}] = true
		}
		switch fam {
		case Multi:
			if share := float64(multi) / float64(len(inst.Juries)); share < 0.6 || len(towns) > 24 {
				t.Errorf("multi: %.0f %% on several half-days, %d towns", 100*share, len(towns))
			}
			for _, p := range inst.People {
				if len(p.Specialties) < 2 || len(p.Specialties) > 5 {
					t.Fatalf("multi: %d specialities", len(p.Specialties))
				}
			}
		case Tight:
			for _, p := range inst.People {
				if p.MaxHalfDays < 1 || p.MaxHalfDays > 3 {
					t.Fatalf("tight: max_halfdays %d", p.MaxHalfDays)
				}
			}
		case Large:
			if maxSeats != 8 || maxHD != 6 {
				t.Errorf("large: up to %d seats, %d half-days", maxSeats, maxHD)
			}
		}
	}
}
