// Package match ranks CEE and consenting professionals for a school's
// request (« demande »): plain structs in, a ranked list with the reasons,
// factor by factor, out.
//
// The package is pure: it imports only the standard library and
// cee/internal/model. Reference data it needs (labels of codes, public and
// school holidays) is passed in by the caller, so that the same demande and
// the same candidates always give the same ranking, in tests as in
// production.
//
// A Pool is built once from the candidates (NewPool folds, interns and
// indexes what matching compares) and ranks any number of demandes, from
// any number of goroutines:
//
//	pool, err := match.NewPool(candidats)
//	cl, err := pool.Rank(demande, calendrier, match.PoidsParDefaut(), match.Options{})
//
// Dates are civil dates: the package reads the year, month and day of a
// time.Time in its own location and ignores the clock, as model.Periode and
// refdata do (they hold days at midnight UTC).
//
// # Score
//
// Rank first applies the hard filters (territory, consent, monthly cap,
// availability, maximum distance: see Pool.Rank), then scores each candidate
// left as the sum, over the factors, of the factor's weight (Poids) times a
// value between 0 and 1:
//
//   - secteur: 1 when a candidate's NAF code lies inside a wanted one (same
//     sub-class, or inside a wanted class, group, division or section); else
//     by the most precise level shared: class 0.75, group 0.6, division 0.5,
//     section 0.25; best pair.
//   - famille: 1 when the candidate has one of the wanted familles de métiers.
//   - metier: ROME code 1, same ROME domain (3 first characters) 0.5; free
//     text: the share of the wanted words (folded, light stemming) found in
//     one of the candidate's occupations; best pair.
//   - specialite: same CFD code 1, same group of specialities (NSF, characters
//     4 to 6) 0.5.
//   - distance: h / (h + d), d the haversine distance in km, h
//     Poids.DemiDistanceKm; 0 when the home is unknown.
//   - disponibilite: the share of wanted creneaux, or of open days of the
//     period, on which the candidate is available (1 for every creneau
//     unless IgnorerDisponibilite let them in).
//   - charge: with a monthly cap, 1 − sollicitations/cap (0 at the cap);
//     without, 1 / (1 + sollicitations/2).
//   - equite: 1 / (1 + accepted in 12 months / 6), to spread the load.
//   - reactivite: (answered + 3 × 0.6) / (solicited + 3): the response rate,
//     pulled towards 60 % while there are few solicitations.
//   - satisfaction: ((mean − 1)/4 × n + 0.5 × 2) / (n + 2) over n ratings:
//     the mean on a 0–1 scale, pulled towards 3/5 while there are few.
//
// Factors for which the demande gives nothing to compare (no NAF code, no
// date, no coordinates…) give nobody points and have no reason.
package match

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"cee/internal/model"
)

// TypeCandidat tells a designated CEE from a professional of the wider
// network.
type TypeCandidat uint8

// Kinds of candidates. The zero value is no kind: Options.Type uses it for
// « both ».
const (
	CEE           TypeCandidat = 1 // conseiller entreprises pour l'École (D.331-65)
	Professionnel TypeCandidat = 2 // professional a CEE mobilises; needs consent
)

// Label is the French name of the kind.
func (t TypeCandidat) Label() string {
	switch t {
	case CEE:
		return "CEE"
	case Professionnel:
		return "Professionnel"
	}
	return ""
}

// Nature is what the school asks for. It decides which consent a
// professional must have given and whether school holidays matter.
type Nature string

// Natures of demandes.
const (
	Intervention Nature = "intervention" // talk in class, job-discovery event
	Visite       Nature = "visite"       // pupils visit a company
	Stage        Nature = "stage"        // internship place (PFMP, stage d'observation)
	Jury         Nature = "jury"         // exam jury (D.337-23, D.337-93, D.643-31…)
	Expertise    Nature = "expertise"    // advice to a school or an inspector: CEE only
)

// Natures lists the natures in the order of a form.
func Natures() []Nature { return []Nature{Intervention, Visite, Stage, Jury, Expertise} }

// Label is the French name of the nature.
func (n Nature) Label() string {
	switch n {
	case Intervention:
		return "Intervention en classe"
	case Visite:
		return "Visite d'entreprise"
	case Stage:
		return "Accueil de stagiaires"
	case Jury:
		return "Jury d'examen"
	case Expertise:
		return "Expertise et conseil"
	}
	return string(n)
}

func (n Nature) valid() bool {
	switch n {
	case Intervention, Visite, Stage, Jury, Expertise:
		return true
	}
	return false
}

// scolaire tells whether pupils take part, so that the dates must be school
// days. Juries are left out on purpose: bac pro and CAP juries deliberate in
// early July, when the summer holidays have begun; expertise is work between
// adults. Public holidays matter for every nature.
func (n Nature) scolaire() bool { return n == Intervention || n == Visite || n == Stage }

// consentie tells whether a professional's consent covers the nature.
// Expertise is the CEE's own mission (D.331-65): no consent of a
// professional covers it.
func (n Nature) consentie(c model.Consentement) bool {
	switch n {
	case Intervention:
		return c.Interventions
	case Visite:
		return c.Visites
	case Stage:
		return c.Stages
	case Jury:
		return c.Jurys
	}
	return false
}

// consentLabel is what the professional agreed to, for a reason.
func (n Nature) consentLabel() string {
	switch n {
	case Intervention:
		return "les interventions en classe"
	case Visite:
		return "les visites d'entreprise"
	case Stage:
		return "l'accueil de stagiaires"
	case Jury:
		return "les jurys d'examen"
	}
	return string(n)
}

// Moment is the part of a day a creneau covers.
type Moment uint8

// Moments of a day.
const (
	Journee   Moment = iota // the whole day
	Matin                   // morning
	ApresMidi               // afternoon
)

// Label is the French name of the moment, empty for the whole day.
func (m Moment) Label() string {
	switch m {
	case Matin:
		return "matin"
	case ApresMidi:
		return "après-midi"
	}
	return ""
}

// Creneau is one day, or half-day, the school wants. Availability is
// declared by day (model.Disponibilite), so a half-day is available when its
// day is; the moment is kept for the labels and for the caller.
type Creneau struct {
	Jour   time.Time
	Moment Moment
}

// Coord is a point in degrees (WGS 84), as in the Annuaire de l'éducation
// and the communes file.
type Coord struct{ Lat, Lon float64 }

// Demande is a school's request, as matching sees it. Lists of wanted codes
// are alternatives: a candidate matching any of them matches.
type Demande struct {
	Academie    string // académie code, "16"
	Departement string // département of the établissement, "31" or "031"
	Lieu        *Coord // the établissement; nil: distance is left out
	Nature      Nature

	// NAF are wanted sectors (NAF rév. 2): sub-classes "43.21A", classes
	// "43.21", groups "43.2", divisions "43" or sections "F". Dots are
	// optional.
	NAF []string
	// Familles are codes of familles de métiers (seconde professionnelle),
	// as the caller's reference data writes them.
	Familles []string
	// Metiers are ROME codes ("F1602") or free text (« électricien
	// bâtiment »), matched word by word after folding.
	Metiers []string
	// Specialites are diploma speciality codes (CFD, 8 characters).
	Specialites []string

	// Creneaux are the wanted days or half-days: the candidate must be
	// available on every one. Periode is a window instead (an internship
	// period, a week of juries): the candidate must be available on at least
	// one open day of it. A demande has one or the other, or neither.
	Creneaux []Creneau
	Periode  *model.Periode

	// Noms names the codes the reasons mention, the candidates' as well as
	// the demande's.
	Noms Noms
}

// Noms gives what a person reads for the codes of a ranking's reasons, from
// the caller's reference data: the label first, the code in parentheses only
// where it helps (« Travaux d'installation électrique (NAF 43.21A) », « CAP
// Boulanger », « Haute-Garonne (31) »). A nil function, or one returning
// "", shows the bare code.
type Noms struct {
	// Secteur names a NAF code of any level, written as INSEE does:
	// "43.21A", "43.2", "43", "F".
	Secteur func(code string) string
	// Famille names a famille de métiers code.
	Famille func(code string) string
	// Metier names a ROME code ("F1602"); Domaine its first three
	// characters ("F16").
	Metier, Domaine func(code string) string
	// Specialite names a diploma speciality (CFD).
	Specialite func(code string) string
	// Departement names a département as candidates give it ("31");
	// Academie an académie code ("04") after « l'académie »: « de
	// Bordeaux », « d'Amiens ».
	Departement, Academie func(code string) string
}

// nom is what f gives for code, or the code.
func nom(f func(string) string, code string) string {
	if f != nil {
		if l := strings.TrimSpace(f(code)); l != "" {
			return l
		}
	}
	return code
}

// Candidat is a CEE or a professional as matching sees it: the profile, the
// availability, and figures the caller computes from the activity.
type Candidat struct {
	ID   int64
	Type TypeCandidat
	Nom  string // for display: « Prénom Nom »

	Academie string // académie code
	// Territoire lists the départements where the candidate acts; empty:
	// the whole académie (D.335-38 [S-old]: one or more départements, or
	// the académie).
	Territoire []string

	NAF         []string // NAF rév. 2 codes of their company or sector
	Familles    []string // familles de métiers codes
	Metiers     []string // ROME codes or free text
	Specialites []string // CFD codes of the diplomas they know or examine
	Domicile    *Coord   // where they start from; nil: unknown

	Dispo model.Disponibilite // weekdays, unavailable periods, monthly cap

	SollicitationsMois int     // solicitations received this calendar month
	AccepteesAn        int     // solicitations accepted in the last 12 months
	Sollicitees        int     // solicitations received, for the response rate
	Repondues          int     // of which answered (accepted or declined)
	NoteMoyenne        float64 // mean feedback rating, 1 to 5
	NbNotes            int     // number of ratings

	// Consent is what a professional agreed to be contacted for. Fill it
	// only once consent is given (model.Professionnel.Contactable):
	// CandidatProfessionnel does. Ignored for a CEE.
	Consent model.Consentement
}

// Ferie is a public holiday.
type Ferie struct {
	Date time.Time
	Nom  string // « Fête du Travail »
}

// Vacances is a school holiday period of the académie. Reprise is the day
// classes resume, which is not a holiday: it is refdata.Vacances.Fin.
type Vacances struct {
	Debut, Reprise time.Time
	Nom            string // « Vacances de la Toussaint »
}

// Calendrier holds the non-working days of the demande's académie. The
// caller builds it from refdata (JoursFeriesDepartement, VacancesOfAcademie)
// so that this package stays pure.
type Calendrier struct {
	Feries   []Ferie
	Vacances []Vacances
}

// Poids are the weights of the factors: a candidate fully matching a factor
// gets its weight in points. They are a setting per académie. DemiDistanceKm
// is the distance at which the distance factor gives half its weight.
type Poids struct {
	Secteur       float64
	Famille       float64
	Metier        float64
	Specialite    float64
	Distance      float64
	Disponibilite float64
	Charge        float64
	Equite        float64
	Reactivite    float64
	Satisfaction  float64

	DemiDistanceKm float64
}

// PoidsParDefaut are weights summing to 100: what the school asks for
// (sector, famille, occupation, speciality) counts for 55, being near for
// 15, spreading the load for 15, and reliability (availability, response
// rate, feedback) for 15.
func PoidsParDefaut() Poids {
	return Poids{
		Secteur: 25, Famille: 10, Metier: 10, Specialite: 10,
		Distance:      15,
		Disponibilite: 5,
		Charge:        10, Equite: 5,
		Reactivite: 5, Satisfaction: 5,
		DemiDistanceKm: 20,
	}
}

// Valider checks that weights are finite and not negative: a negative
// weight would rank the least suitable first without anyone noticing.
func (p Poids) Valider() error {
	for _, w := range []float64{p.Secteur, p.Famille, p.Metier, p.Specialite, p.Distance,
		p.Disponibilite, p.Charge, p.Equite, p.Reactivite, p.Satisfaction} {
		if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return errors.New("les poids doivent être des nombres positifs ou nuls")
		}
	}
	if math.IsNaN(p.DemiDistanceKm) || math.IsInf(p.DemiDistanceKm, 0) || p.DemiDistanceKm <= 0 {
		return errors.New("la demi-distance doit être un nombre de kilomètres positif")
	}
	return nil
}

// DefaultLimite is the number of results when Options.Limite is 0.
const DefaultLimite = 50

// Options widen or narrow a ranking. Every hard filter holds unless its
// option is set; a candidate let in by an option carries a reason saying so
// (Raison.Elargi).
type Options struct {
	IgnorerTerritoire    bool // candidates of the académie whose départements exclude the établissement's
	AutresAcademies      bool // candidates of other académies too (an établissement near a border)
	IgnorerPlafond       bool // candidates who reached their monthly cap
	IgnorerDisponibilite bool // candidates unavailable on a wanted date

	// DistanceMaxKm excludes candidates farther than this from the
	// établissement (the request's limit); 0: no limit. A candidate's own
	// limit (Dispo.DistanceMaxKm) excludes them too. Candidates whose home
	// is unknown are kept: a filter excludes on evidence only.
	DistanceMaxKm float64
	// IgnorerDistance lets in the candidates beyond either limit.
	IgnorerDistance bool

	Type   TypeCandidat // only CEE or only professionals; 0: both
	Limite int          // number of results; 0: DefaultLimite; < 0: all

	// Exclure, when set, leaves out the candidates it is true for (those
	// already solicited for the request): neither ranked nor counted among
	// the excluded, as if not in the pool, so that one Pool serves every
	// request of its académie.
	Exclure func(TypeCandidat, int64) bool
}

// Facteur names a factor of the score, or a filter a reason reports on.
type Facteur string

// Factors. Territoire and Consentement give no points: their reasons say
// why a candidate is there.
const (
	FacteurSecteur       Facteur = "secteur"
	FacteurFamille       Facteur = "famille"
	FacteurMetier        Facteur = "metier"
	FacteurSpecialite    Facteur = "specialite"
	FacteurDistance      Facteur = "distance"
	FacteurDisponibilite Facteur = "disponibilite"
	FacteurCharge        Facteur = "charge"
	FacteurEquite        Facteur = "equite"
	FacteurReactivite    Facteur = "reactivite"
	FacteurSatisfaction  Facteur = "satisfaction"
	FacteurTerritoire    Facteur = "territoire"
	FacteurConsentement  Facteur = "consentement"
)

// Raison is one factor's contribution to a candidate's score, with a label
// a pilote reads.
type Raison struct {
	Facteur Facteur
	Libelle string  // « 12 km de l'établissement »
	Points  float64 // what the factor added to the score
	// Elargi is set when the candidate is only there because an option
	// widened a hard filter (territory, cap, availability).
	Elargi bool
}

// Resultat is one ranked candidate.
type Resultat struct {
	ID         int64
	Type       TypeCandidat
	Nom        string
	Score      float64 // sum of the reasons' points
	DistanceKm float64 // < 0: unknown (no home or no établissement coordinates)
	Elargi     bool    // some reason is Elargi
	Raisons    []Raison
}

// Classement is the answer to a demande.
type Classement struct {
	// Resultats are sorted by Score descending, then by ID, then CEE before
	// professionals: the same input always gives the same order.
	Resultats []Resultat
	// Retenus is the number of candidates that passed the filters, of which
	// Resultats holds the first Options.Limite.
	Retenus int
	Exclus  Exclusions
	// ScoreMax is the score of a candidate matching every factor that
	// applies to this demande (factors without wanted codes, dates or
	// coordinates give nobody points).
	ScoreMax float64
	// Alertes are problems of the demande itself, e.g. a date on a public
	// holiday: they exclude nobody (see Rank).
	Alertes []string
}

// Motif is why a candidate was excluded.
type Motif uint8

// Reasons of exclusion, in the order the filters run: a candidate failing
// several is counted once, under the first.
const (
	MotifHorsAcademie Motif = iota
	MotifHorsTerritoire
	MotifSansConsentement
	MotifPlafond
	MotifIndisponible
	MotifTropLoin
	nMotifs
)

// Label is the reason in French, lower case, to follow a count.
func (m Motif) Label() string {
	switch m {
	case MotifHorsAcademie:
		return "autre académie"
	case MotifHorsTerritoire:
		return "hors territoire"
	case MotifSansConsentement:
		return "sans consentement"
	case MotifPlafond:
		return "plafond atteint"
	case MotifIndisponible:
		return "indisponible"
	case MotifTropLoin:
		return "trop loin"
	}
	return ""
}

// Exclusions counts excluded candidates by reason.
type Exclusions struct{ n [nMotifs]int }

// Nombre is the number of candidates excluded for m.
func (e Exclusions) Nombre(m Motif) int {
	if m >= nMotifs {
		return 0
	}
	return e.n[m]
}

// Total is the number of excluded candidates of the demande's académie.
// Candidates of other académies are outside the pilote's scope and not
// counted: Nombre(MotifHorsAcademie) has them.
func (e Exclusions) Total() int {
	t := 0
	for m := MotifHorsTerritoire; m < nMotifs; m++ {
		t += e.n[m]
	}
	return t
}

// Libelle is the summary the interface shows: « 14 exclus : hors territoire
// 9, plafond atteint 3, indisponible 2 », or "" when nobody was excluded.
func (e Exclusions) Libelle() string {
	t := e.Total()
	if t == 0 {
		return ""
	}
	s := fmt.Sprintf("%d %s :", t, pluriel(t, "exclu", "exclus"))
	sep := " "
	for m := MotifHorsTerritoire; m < nMotifs; m++ {
		if e.n[m] > 0 {
			s += fmt.Sprintf("%s%s %d", sep, m.Label(), e.n[m])
			sep = ", "
		}
	}
	return s
}

func pluriel(n int, un, plusieurs string) string {
	if n >= 2 {
		return plusieurs
	}
	return un
}
