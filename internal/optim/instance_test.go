package optim

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const validInstance = `{"version": 1,
 "weights": {"km": 1.0, "unfilled": 1000.0, "college": 50.0},
 "juries": [{"id": "J1", "specialty": "CAP-CUISINE", "lat": 48.85, "lon": 2.35,
             "halfdays": ["2027-06-14AM", "2027-06-14PM"], "seats": 2,
             "employers": 1, "employees": 1, "conflicts": ["C17", "0750654D"]}],
 "people": [{"id": "P1", "specialties": ["CAP-CUISINE"], "college": "employer",
             "lat": 48.9, "lon": 2.3, "available": ["2027-06-14AM", "2027-06-14PM"],
             "max_halfdays": 4, "max_km": 80, "ties": ["C42"], "note": "champ inconnu ignoré"}],
 "locked": [{"jury": "J1", "person": "P1"}]}`

func TestDecodeValid(t *testing.T) {
	inst, err := Decode(strings.NewReader(validInstance))
	if err != nil {
		t.Fatal(err)
	}
	if len(inst.Juries) != 1 || len(inst.People) != 1 || inst.People[0].MaxKm != 80 || inst.Locked[0].Person != "P1" {
		t.Fatalf("decoded %+v", inst)
	}
}

// Each broken file is rejected with the JSON path of the fault.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"missing field", `"lat": 48.9, `, ``, "people[0].lat : champ obligatoire manquant"},
		{"missing weights", `"weights": {"km": 1.0, "unfilled": 1000.0, "college": 50.0},`, ``, "weights : champ obligatoire manquant"},
		{"unknown person in locked", `"person": "P1"}]`, `"person": "P9"}]`, `locked[0].person : personne "P9" inconnue`},
		{"unknown jury in locked", `[{"jury": "J1", "person"`, `[{"jury": "J7", "person"`, `locked[0].jury : jury "J7" inconnu`},
		{"negative seats", `"seats": 2`, `"seats": -1`, "juries[0].seats : -1 places"},
		{"NaN coordinate", `"lat": 48.9`, `"lat": NaN`, "people[0].lat : NaN n'est pas une coordonnée valide"},
		{"out of range", `"lon": 2.35`, `"lon": 200`, "juries[0].lon : 200 hors de [-180, 180]"},
		{"too many college seats", `"employers": 1`, `"employers": 2`, "juries[0] : employers + employees = 3 dépasse seats = 2"},
		{"duplicate id", `"people": [{"id": "P1", "specialties": ["CAP-CUISINE"], "college": "employer",`,
			`"people": [{"id": "P1", "specialties": [], "college": "employer", "lat": 1, "lon": 1, "available": [], "max_halfdays": 1, "max_km": 1},
			{"id": "P1", "specialties": ["CAP-CUISINE"], "college": "employer",`, `people[1].id : "P1" déjà utilisé par people[0]`},
		{"bad half-day", `"halfdays": ["2027-06-14AM", `, `"halfdays": ["2027-06-14 matin", `, "juries[0].halfdays[0] : \"2027-06-14 matin\""},
		{"bad date", `"available": ["2027-06-14AM", `, `"available": ["2027-02-30AM", `, "people[0].available[0] : \"2027-02-30AM\" : date invalide"},
		{"version", `"version": 1`, `"version": 2`, "version : 2 non pris en charge"},
		{"college", `"college": "employer"`, `"college": "patron"`, `people[0].college : "patron"`},
		{"lock breaks a hard constraint", `"max_km": 80`, `"max_km": 3`, "locked[0] : P1 ne peut pas siéger dans J1 : à 6.7 km, au-delà de sa limite de 3 km"},
		{"lock in conflict", `"ties": ["C42"]`, `"ties": ["C17"]`, "locked[0] : P1 ne peut pas siéger dans J1 : conflit d'intérêts (C17)"},
		{"lock over the load", `"max_halfdays": 4`, `"max_halfdays": 1`, "locked[0] : P1 dépasse son maximum de 1 demi-journées"},
		{"syntax", `"seats": 2,`, `"seats": 2,,`, "JSON invalide ligne 4"},
		{"type", `"seats": 2`, `"seats": "deux"`, "juries[0].seats : type incorrect (int attendu, string trouvé)"},
		{"type in a list", `"available": ["2027-06-14AM", `, `"available": ["2027-06-14AM", 7, `, "people[0].available[1] : type incorrect"},
		{"number as text", `"lat": 48.9`, `"lat": "48,9"`, `people[0].lat : "48,9" n'est pas un nombre`},
		{"number as boolean", `"max_km": 80`, `"max_km": true`, "people[0].max_km : type incorrect (nombre attendu, true trouvé)"},
		{"trailing data", `"person": "P1"}]}`, `"person": "P1"}]} {"version": 1}`, "JSON invalide ligne 9, colonne 46 : données après la fin de l'objet"},
		{"huge weight", `"unfilled": 1000.0`, `"unfilled": 1e15`, "weights.unfilled : 1e+15 dépasse 1e+09, le plus grand poids accepté"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(validInstance, tt.old) {
				t.Fatalf("test fixture: %q not in the valid instance", tt.old)
			}
			_, err := Decode(strings.NewReader(strings.Replace(validInstance, tt.old, tt.new, 1)))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

// In a file of many juries, a type error names the jury by its index.
func TestDecodeTypeErrorIndex(t *testing.T) {
	one := `{"id": "J%d", "specialty": "S", "lat": 48, "lon": 2, "halfdays": ["2027-06-14AM"], "seats": %s, "employers": 0, "employees": 0}`
	var juries []string
	for i := range 5000 {
		seats := "2"
		if i == 4127 {
			seats = `"3"`
		}
		juries = append(juries, fmt.Sprintf(one, i, seats))
	}
	data := `{"version": 1, "weights": {"km": 1, "unfilled": 1000, "college": 50}, "people": [], "juries": [` + strings.Join(juries, ",\n") + `]}`
	_, err := Decode(strings.NewReader(data))
	if err == nil || !strings.Contains(err.Error(), "juries[4127].seats : type incorrect") {
		t.Errorf("error %v", err)
	}
}

func TestDistance(t *testing.T) {
	// One degree of latitude on a sphere of 6371 km: 6371·π/180 = 111.195 km.
	if d := Distance(48, 2, 49, 2); d < 111.194 || d > 111.196 {
		t.Errorf("1° of latitude = %v km", d)
	}
	// Paris – Lyon, about 392 km as the crow flies.
	if d := Distance(48.8566, 2.3522, 45.7640, 4.8357); d < 390 || d > 394 {
		t.Errorf("Paris – Lyon = %v km", d)
	}
}

// A deadline already past stops the reading with ErrInterrupted, before
// the juries and people are decoded; Parse leaves the values to Solve,
// which validates them once.
func TestParseDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Parse(ctx, strings.NewReader(validInstance)); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("error %v, want ErrInterrupted", err)
	}
	inst, err := Parse(context.Background(), strings.NewReader(strings.Replace(validInstance, `"seats": 2`, `"seats": -1`, 1)))
	if err != nil {
		t.Fatalf("Parse checks values: %v", err)
	}
	if _, err := Solve(context.Background(), inst, Options{}); err == nil || !strings.Contains(err.Error(), "juries[0].seats : -1 places") {
		t.Errorf("Solve error %v", err)
	}
	// Read element by element, the instance is the one Decode reads.
	a, err := Parse(context.Background(), strings.NewReader(validInstance))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Decode(strings.NewReader(validInstance))
	if err != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("Parse %+v, Decode %+v (%v)", a, b, err)
	}
}
