package refdata

import (
	"testing"
)

func TestIDCCs(t *testing.T) {
	list := IDCCs()
	// kali-data 3.449.0: 393 agreements, 390 of them with an IDCC number.
	if len(list) != 390 {
		t.Errorf("len(IDCCs()) = %d, want 390", len(list))
	}
	prev := ""
	for _, c := range list {
		if len(c.Numero) != 4 || !isDigits(c.Numero) || c.Titre == "" || c.TitreCourt == "" {
			t.Errorf("bad IDCC %+v", c)
		}
		if c.Numero <= prev {
			t.Errorf("IDCC %s after %s: not sorted or duplicated", c.Numero, prev)
		}
		prev = c.Numero
	}
}

func TestIDCCByNumero(t *testing.T) {
	tests := []struct {
		in, numero, court string
	}{
		{"1486", "1486", "Bureaux d'études techniques, cabinets d'ingénieurs-conseils et sociétés de conseils"},
		{"3248", "3248", "Métallurgie"},
		{"1979", "1979", "Hôtels, cafés, restaurants"},
		{"16", "0016", "Transports routiers et activités auxiliaires du transport"},
		{"0016", "0016", "Transports routiers et activités auxiliaires du transport"},
		{" 2511 ", "2511", "Sport"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, ok := IDCCByNumero(tt.in)
			if !ok || c.Numero != tt.numero || c.TitreCourt != tt.court {
				t.Errorf("IDCCByNumero(%q) = %+v, %v; want %s %q", tt.in, c, ok, tt.numero, tt.court)
			}
		})
	}
	for _, in := range []string{"", "0", "9999", "abcd", "-16", "12345"} {
		if c, ok := IDCCByNumero(in); ok {
			t.Errorf("IDCCByNumero(%q) = %+v, want not found", in, c)
		}
	}
}
