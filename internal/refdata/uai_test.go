package refdata

import "testing"

func TestValidUAI(t *testing.T) {
	tests := []struct {
		name, uai string
		want      bool
	}{
		{"Paris (domain.md)", "0750654D", true},
		{"Fermat Toulouse", "0310036W", true},
		{"Occitanie extract, lycée privé", "0311131L", true},
		{"Occitanie extract, Aude", "0110955D", true},
		{"Ille-et-Vilaine extract", "0350857S", true},
		{"Corse-du-Sud, Ajaccio", "6200006M", true},
		{"Haute-Corse, Corte", "7200004S", true},
		{"Guadeloupe", "9710015P", true},
		{"Mayotte", "9760008E", true},
		{"lower-case letter accepted", "0750654d", true},
		{"wrong letter", "0750654E", false},
		{"wrong digit", "0750655D", false},
		{"7 characters", "0750654", false},
		{"9 characters", "0750654DD", false},
		{"letter I", "0750654I", false},
		{"letter O", "0750654O", false},
		{"letter Q", "0750654Q", false},
		{"digit as check", "07506543", false},
		{"letter among digits", "075O654D", false},
		{"leading space", " 0750654D", false},
		{"trailing space", "0750654D ", false},
		{"inner space", "075 0654D", false},
		{"empty", "", false},
		{"non-ASCII letter", "0750654Ð", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidUAI(tt.uai); got != tt.want {
				t.Errorf("ValidUAI(%q) = %v, want %v", tt.uai, got, tt.want)
			}
		})
	}
}

func TestUAICheckLetter(t *testing.T) {
	tests := []struct {
		digits  string
		want    byte
		wantErr bool
	}{
		{"0750654", 'D', false}, // 750654 = 23 × 32637 + 3
		{"0310036", 'W', false},
		{"0000000", 'A', false},
		{"0000022", 'Z', false},
		{"0000023", 'A', false},
		{"075065", 0, true},
		{"075065A", 0, true},
		{"07506541", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.digits, func(t *testing.T) {
			got, err := UAICheckLetter(tt.digits)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("UAICheckLetter(%q) = %q, %v; want %q, error %v", tt.digits, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestNormalizeUAI(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{" 0750654d ", "0750654D", true},
		{"0310036W", "0310036W", true},
		{"0310036X", "0310036X", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := NormalizeUAI(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("NormalizeUAI(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestDepartementOfUAI(t *testing.T) {
	tests := []struct {
		uai, want string
		ok        bool
	}{
		{"0310036W", "31", true},
		{"0750654D", "75", true},
		{"0350857S", "35", true},
		{"6200006M", "2A", true},
		{"7200004S", "2B", true},
		{"9710015P", "971", true},
		{"9740005M", "974", true},
		{"9760008E", "976", true},
		{"0310036w", "31", true},
		{"9750005G", "", false}, // Saint-Pierre-et-Miquelon: no académie of the network
		{"0310036X", "", false}, // wrong check letter
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.uai, func(t *testing.T) {
			got, ok := DepartementOfUAI(tt.uai)
			if got != tt.want || ok != tt.ok {
				t.Errorf("DepartementOfUAI(%q) = %q, %v; want %q, %v", tt.uai, got, ok, tt.want, tt.ok)
			}
		})
	}
	// Every prefix that names a département must map back to it.
	for _, d := range Departements() {
		prefix := "0" + d.Code
		switch d.Code {
		case "2A":
			prefix = "620"
		case "2B":
			prefix = "720"
		}
		if len(d.Code) == 3 {
			prefix = d.Code
		}
		digits := prefix + "0001"
		letter, err := UAICheckLetter(digits)
		if err != nil {
			t.Fatalf("UAICheckLetter(%q): %v", digits, err)
		}
		if got, ok := DepartementOfUAI(digits + string(letter)); !ok || got != d.Code {
			t.Errorf("DepartementOfUAI(%s%c) = %q, %v; want %s", digits, letter, got, ok, d.Code)
		}
	}
}
