package model

import (
	"sort"
	"time"
)

// GenreService is the kind of a service a CEE gives to the network: an
// action (its compte rendu), a jury sitting, a network event attended.
type GenreService string

// Kinds of service, in the order the attestation lists them.
const (
	ServiceAction    GenreService = "action"    // an action with its compte rendu
	ServiceJury      GenreService = "jury"      // a day seated in an exam jury, marked present
	ServiceEvenement GenreService = "evenement" // a network event, marked present
	ServiceExpertise GenreService = "expertise" // a written opinion given (model.AvisExpertise)
)

// GenresService lists the kinds in display order.
func GenresService() []GenreService {
	return []GenreService{ServiceAction, ServiceJury, ServiceEvenement, ServiceExpertise}
}

// Label is the French name of the kind, plural (a heading).
func (g GenreService) Label() string {
	switch g {
	case ServiceAction:
		return "Actions"
	case ServiceJury:
		return "Jurys d'examen"
	case ServiceEvenement:
		return "Événements du réseau"
	case ServiceExpertise:
		return "Avis d'expertise"
	}
	return ""
}

// MinutesDemiJournee is what a half-day seated in an exam jury counts
// for: 3 h 30. Exam centres convene juries by half-day (morning or
// afternoon) and record presence per jury, not per hour.
const MinutesDemiJournee = 210

// Service is one service a CEE gave on one day: what the attestation
// d'engagement lists and what makes a CEE active. Built only by the store
// (store.ListServices), from the same conditions the indicators use.
type Service struct {
	Genre   GenreService
	Date    time.Time // the day (a jury of several days gives one Service a day)
	Minutes int
	Libelle string // « Intervention en classe — Lycée Déodat de Séverac », « Jury CAP 50022105 — session de juin 2026 »
}

// Heures is the duration in hours.
func (s Service) Heures() float64 { return float64(s.Minutes) / 60 }

// TotalService sums the services of one kind.
type TotalService struct {
	Genre   GenreService
	Nombre  int
	Minutes int
}

// Heures is the total duration in hours.
func (t TotalService) Heures() float64 { return float64(t.Minutes) / 60 }

// TotauxServices sums services per kind, in GenresService order, kinds
// without any service left out.
func TotauxServices(list []Service) []TotalService {
	by := map[GenreService]*TotalService{}
	for _, s := range list {
		t := by[s.Genre]
		if t == nil {
			t = &TotalService{Genre: s.Genre}
			by[s.Genre] = t
		}
		t.Nombre++
		t.Minutes += s.Minutes
	}
	var out []TotalService
	for _, g := range GenresService() {
		if t := by[g]; t != nil {
			out = append(out, *t)
		}
	}
	return out
}

// TrierServices orders services by day, then kind, then label.
func TrierServices(list []Service) {
	rank := map[GenreService]int{ServiceAction: 0, ServiceJury: 1, ServiceEvenement: 2, ServiceExpertise: 3}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		if a.Genre != b.Genre {
			return rank[a.Genre] < rank[b.Genre]
		}
		return a.Libelle < b.Libelle
	})
}
