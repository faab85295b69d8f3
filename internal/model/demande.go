package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// TypeDemande is what a school asks of the network, and the kind of an
// action a CEE records. The list is the domain brief's minimum; an académie
// may hide some (a setting, later).
type TypeDemande string

// Kinds of requests and actions.
const (
	TypeIntervention TypeDemande = "intervention" // intervention en classe, découverte des métiers
	TypeForum        TypeDemande = "forum"        // forum des métiers
	TypeVisite       TypeDemande = "visite"       // visite d'entreprise
	TypeStage        TypeDemande = "stage"        // lieux de stage ou de PFMP
	TypeStageSeconde TypeDemande = "stage_seconde"
	TypeExpertise    TypeDemande = "expertise" // expertise sur l'offre de formation
	TypeInstance     TypeDemande = "instance"  // conseil d'administration, de perfectionnement, CLEE
	TypeJury         TypeDemande = "jury"      // jury hors campagne
	TypeAutre        TypeDemande = "autre"
)

// TypesDemande lists the kinds in the order forms show them.
func TypesDemande() []TypeDemande {
	return []TypeDemande{TypeIntervention, TypeForum, TypeVisite, TypeStage, TypeStageSeconde, TypeExpertise, TypeInstance, TypeJury, TypeAutre}
}

// Label is the French name of the kind.
func (t TypeDemande) Label() string {
	switch t {
	case TypeIntervention:
		return "Intervention en classe, découverte des métiers"
	case TypeForum:
		return "Forum des métiers"
	case TypeVisite:
		return "Visite d'entreprise"
	case TypeStage:
		return "Recherche de lieux de stage ou de PFMP"
	case TypeStageSeconde:
		return "Stage de seconde"
	case TypeExpertise:
		return "Expertise sur l'offre de formation"
	case TypeInstance:
		return "Participation à une instance (conseil d'administration, de perfectionnement, CLEE)"
	case TypeJury:
		return "Jury hors campagne"
	case TypeAutre:
		return "Autre"
	}
	return ""
}

// AvecPlaces tells whether a request of this kind looks for internship
// places (stage, PFMP, stage de seconde): it states the places it needs and
// each acceptance the places offered, counted in indicators and bilan.
func (t TypeDemande) AvecPlaces() bool { return t == TypeStage || t == TypeStageSeconde }

// MaxPlaces bounds the places a request needs or a host offers: a pôle de
// stage places a few classes at once, not a whole département.
const MaxPlaces = 500

// Places sums the places of a request's accepted solicitations.
type Places struct {
	Offertes, Confirmees, ElevesPlaces int
}

// SommePlaces adds up the places offered, confirmed and the pupils placed
// by the people who accepted (the other answers offer nothing).
func SommePlaces(sos []Sollicitation) Places {
	var p Places
	for _, so := range sos {
		if so.Etat == SollicitationAcceptee {
			p.Offertes += so.PlacesOffertes
			p.Confirmees += so.PlacesConfirmees
			p.ElevesPlaces += so.ElevesPlaces
		}
	}
	return p
}

// ErreurPlacesOffertes checks the places a person accepting offers: at
// least one, for a request that counts places. Offering more than the
// request still needs is allowed (the school confirms what it takes);
// the page says so (AlertePlaces).
func ErreurPlacesOffertes(n int) error {
	if n < 1 || n > MaxPlaces {
		return Invalide("places", fmt.Sprintf("Indiquez le nombre de places de stage que vous proposez : de 1 à %d.", MaxPlaces))
	}
	return nil
}

// ControlerConfirmation checks the places the school or the pilote confirms
// with one host, and the pupils placed there: never more than offered, and
// never more pupils than confirmed places.
func ControlerConfirmation(so Sollicitation, confirmees, eleves int) error {
	if confirmees < 0 || confirmees > so.PlacesOffertes {
		return Invalide("places_confirmees", fmt.Sprintf("Places confirmées : de 0 à %d, les places proposées par %s.", so.PlacesOffertes, so.Nom))
	}
	if eleves < 0 || eleves > confirmees {
		return Invalide("eleves_places", "Élèves placés : de 0 au nombre de places confirmées.")
	}
	return nil
}

// Pourvue tells whether a request has what it looks for, given the
// acceptances and the places they offer: the places needed, for a request
// that counts places (its hosts are as many as it takes), else the people.
func (d Demande) Pourvue(acceptees, offertes int) bool {
	if d.Places > 0 {
		return offertes >= d.Places
	}
	return acceptees >= d.Personnes
}

// AlertePlaces is the warning the request page shows when the places
// offered exceed those needed, "" otherwise: not an error, the school
// confirms the places it takes.
func (d Demande) AlertePlaces(p Places) string {
	if d.Places > 0 && p.Offertes > d.Places {
		return fmt.Sprintf("%d places proposées pour %d recherchées : confirmez celles que vous retenez auprès de chaque entreprise.", p.Offertes, d.Places)
	}
	return ""
}

// EtatDemande is where a school's request stands.
type EtatDemande string

// States of a request.
const (
	DemandeBrouillon   EtatDemande = "brouillon"    // being written, seen by its author only
	DemandeSoumise     EtatDemande = "soumise"      // sent; moves on at once (validation or search)
	DemandeAValider    EtatDemande = "a_valider"    // the académie checks requests before searching
	DemandeEnRecherche EtatDemande = "en_recherche" // the pilote solicits candidates
	DemandePourvue     EtatDemande = "pourvue"      // enough people accepted
	DemandeRealisee    EtatDemande = "realisee"     // the action took place
	DemandeCloturee    EtatDemande = "cloturee"     // confirmed and rated by the requester
	DemandeAnnulee     EtatDemande = "annulee"
	DemandeExpiree     EtatDemande = "expiree" // nobody found by the deadline
)

// EtatsDemande lists the states in lifecycle order.
func EtatsDemande() []EtatDemande {
	return []EtatDemande{DemandeBrouillon, DemandeSoumise, DemandeAValider, DemandeEnRecherche, DemandePourvue,
		DemandeRealisee, DemandeCloturee, DemandeAnnulee, DemandeExpiree}
}

// Label is the French name of the state.
func (e EtatDemande) Label() string {
	switch e {
	case DemandeBrouillon:
		return "Brouillon"
	case DemandeSoumise:
		return "Soumise"
	case DemandeAValider:
		return "À valider"
	case DemandeEnRecherche:
		return "En recherche"
	case DemandePourvue:
		return "Pourvue"
	case DemandeRealisee:
		return "Réalisée"
	case DemandeCloturee:
		return "Clôturée"
	case DemandeAnnulee:
		return "Annulée"
	case DemandeExpiree:
		return "Expirée"
	}
	return ""
}

// Ouverte tells whether the request still waits for people.
func (e EtatDemande) Ouverte() bool {
	return e == DemandeSoumise || e == DemandeAValider || e == DemandeEnRecherche
}

// ActeurDemande is who moves a request.
type ActeurDemande string

// Who acts on requests.
const (
	ParDemandeur ActeurDemande = "demandeur" // the author (school staff, inspector, partner, or a pilote asking)
	ParPilote    ActeurDemande = "pilote"    // the académie's mission école-entreprise (or an admin)
	ParSysteme   ActeurDemande = "systeme"   // the application: submission routing, acceptances, deadlines
)

// transitionsDemande lists every allowed move and who may make it.
var transitionsDemande = map[EtatDemande]map[EtatDemande][]ActeurDemande{
	DemandeBrouillon: {
		DemandeSoumise: {ParDemandeur},
		DemandeAnnulee: {ParDemandeur},
	},
	DemandeSoumise: {
		DemandeAValider:    {ParSysteme},
		DemandeEnRecherche: {ParSysteme},
	},
	DemandeAValider: {
		DemandeEnRecherche: {ParPilote},
		DemandeAnnulee:     {ParPilote, ParDemandeur},
	},
	DemandeEnRecherche: {
		DemandePourvue: {ParSysteme, ParPilote},
		DemandeAnnulee: {ParPilote, ParDemandeur},
		DemandeExpiree: {ParSysteme},
	},
	DemandePourvue: {
		DemandeEnRecherche: {ParSysteme, ParPilote}, // someone withdrew
		DemandeRealisee:    {ParSysteme, ParPilote, ParDemandeur},
		DemandeAnnulee:     {ParPilote, ParDemandeur},
	},
	DemandeRealisee: {
		DemandeCloturee: {ParDemandeur, ParPilote, ParSysteme},
	},
	DemandeExpiree: {
		DemandeEnRecherche: {ParPilote}, // the pilote reopens with a new deadline
	},
}

// CanTransitionDemande tells whether actor may move a request from one
// state to another.
func CanTransitionDemande(from, to EtatDemande, actor ActeurDemande) bool {
	for _, a := range transitionsDemande[from][to] {
		if a == actor {
			return true
		}
	}
	return false
}

// NextDemande lists the states actor may move a request to.
func NextDemande(from EtatDemande, actor ActeurDemande) []EtatDemande {
	var out []EtatDemande
	for _, to := range EtatsDemande() {
		if CanTransitionDemande(from, to, actor) {
			out = append(out, to)
		}
	}
	return out
}

// Creneau is a wanted half-day (or whole day).
type Creneau struct {
	Jour   time.Time
	Moment string // "AM", "PM" or "" for the whole day
}

// String writes a slot as stored: 2027-01-12AM.
func (c Creneau) String() string { return c.Jour.Format("2006-01-02") + c.Moment }

// Label writes a slot in French: « mardi 12 janvier 2027, matin ».
func (c Creneau) Label() string {
	s := Jour(c.Jour)
	switch c.Moment {
	case "AM":
		s += ", matin"
	case "PM":
		s += ", après-midi"
	}
	return s
}

// ParseCreneau reads 2027-01-12AM, 2027-01-12PM or 2027-01-12.
func ParseCreneau(s string) (Creneau, error) {
	var c Creneau
	day, moment := s, ""
	if len(s) == 12 {
		day, moment = s[:10], s[10:]
	}
	if moment != "" && moment != "AM" && moment != "PM" {
		return c, Invalide("creneaux", fmt.Sprintf("créneau %q : demi-journée AM ou PM", s))
	}
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		return c, Invalide("creneaux", fmt.Sprintf("créneau %q : date au format AAAA-MM-JJ", s))
	}
	return Creneau{Jour: d, Moment: moment}, nil
}

// Niveaux are the audiences a request or an action may target, from 6e
// to terminale (the parcours Avenir), and the vocational tracks: the
// dashboards and the bilan count actions and pupils by level.
var Niveaux = []string{"6e", "5e", "4e", "3e", "2de GT", "2de pro", "1re", "Terminale", "CAP", "BTS", "Apprentis"}

// ErreurNiveaux is the French message for a level that is not one of
// Niveaux, "" when every one is.
func ErreurNiveaux(niveaux []string) string {
	for _, n := range niveaux {
		if !slices.Contains(Niveaux, n) {
			return "Niveau « " + n + " » inconnu : " + strings.Join(Niveaux, ", ") + "."
		}
	}
	return ""
}

// Demande is a request of a school (or an inspector, a partner, a pilote)
// for professionals of the network.
type Demande struct {
	ID            int64
	Academie      string
	UAI           string // the school; empty for an inspector's expertise
	Etablissement string // its name, read with the request
	Departement   string
	CodeCommune   string // where it takes place: the school's commune, or the one given
	AuteurID      int64  // the account that wrote it
	CampusID      int64  // the unit (campus, pôle de stage, lycée des métiers) it is for; 0: none
	Campus        string // its name, read with the request
	Auteur        string // its name
	Type          TypeDemande
	Titre         string
	Description   string
	Niveaux       []string
	Eleves        int
	NAF           []string // wanted NAF codes (any level)
	Familles      []string // familles de métiers
	Metiers       []string // occupations, as written
	Specialites   []string // diploma codes
	Creneaux      []Creneau
	// DatesAuChoix: the creneaux are alternatives; the first person who
	// accepts chooses one, Retenu, the only date then.
	DatesAuChoix bool
	Retenu       *Creneau
	Debut, Fin   *time.Time // or a period, both included
	// DistanceMaxKm is the farthest a candidate may come from, set for this
	// request by its author or the pilote; 0: the default of its type in
	// its académie (Parametres.DistanceType).
	DistanceMaxKm int
	Lieu          string
	Personnes     int // people wanted
	// Places: internship places needed, for a request of a kind that
	// counts places (AvecPlaces); 0 for the others.
	Places                                     int
	ContactNom, ContactEmail, ContactTelephone string
	Etat                                       EtatDemande
	Echeance                                   time.Time // the search ends here: expired if nobody was found
	MotifAnnulation                            string
	Acceptees                                  int // solicitations accepted, read with the request
	CreatedAt, UpdatedAt                       time.Time
	// Version is raised by every change of the row: the API's ETag.
	Version int
}

// PremierJour is the first day of the action.
func (d Demande) PremierJour() time.Time {
	if d.Debut != nil {
		return *d.Debut
	}
	var first time.Time
	for _, c := range d.Creneaux {
		if first.IsZero() || c.Jour.Before(first) {
			first = c.Jour
		}
	}
	return first
}

// CreneauxRetenus are the half-days the action takes: the date chosen
// when the dates were alternatives, else every creneau (all of them while
// nobody has chosen yet).
func (d Demande) CreneauxRetenus() []Creneau {
	if d.Retenu != nil {
		return []Creneau{*d.Retenu}
	}
	return d.Creneaux
}

// AChoisir tells whether the person accepting must choose the date.
func (d Demande) AChoisir() bool { return d.DatesAuChoix && d.Retenu == nil && len(d.Creneaux) > 1 }

// DernierJour is the last day of the action (of the date retained, when
// the dates were alternatives).
func (d Demande) DernierJour() time.Time {
	if d.Fin != nil {
		return *d.Fin
	}
	var last time.Time
	for _, c := range d.CreneauxRetenus() {
		if c.Jour.After(last) {
			last = c.Jour
		}
	}
	return last
}

// MaxCreneaux bounds the dates of a request: beyond, it is a period, and
// each date is checked against every candidate's availability.
const MaxCreneaux = 10

// Distances a person or a request may state, in km: a school cannot be
// served from farther than a long day's return trip, and 0 would exclude
// everyone.
const (
	DistanceMinKm = 1
	DistanceMaxKm = 500
)

// ErreurDistance is the French message for a distance out of range, ""
// when km is acceptable (0 is « the default »).
func ErreurDistance(km int) string {
	if km == 0 {
		return ""
	}
	return ErreurDistanceSaisie(km)
}

// ErreurDistanceSaisie is ErreurDistance for a number a person typed: 0
// typed is out of range (an empty field is the default).
func ErreurDistanceSaisie(km int) string {
	if km < DistanceMinKm || km > DistanceMaxKm {
		return fmt.Sprintf("Distance maximale : de %d à %d km (laissez vide pour la valeur de l'académie).", DistanceMinKm, DistanceMaxKm)
	}
	return ""
}

// ControlerFin refuses to record a request as done, or to rate it, before
// its last day: the action has not taken place, and the report of the
// people who took part would have nowhere to go.
func (d Demande) ControlerFin(today time.Time) error {
	last := d.DernierJour()
	if !last.IsZero() && today.Before(last) {
		return Refus("l'action est prévue jusqu'au " + Date(last) + " : elle ne peut être déclarée réalisée, ni évaluée, qu'à partir de ce jour")
	}
	return nil
}

// ControlerRetenu checks the date a person accepting chose: one of the
// alternatives, when there is a choice; nothing otherwise.
func (d Demande) ControlerRetenu(c *Creneau) error {
	if !d.AChoisir() {
		return nil
	}
	if c == nil {
		return Invalide("creneau", "Choisissez la date à laquelle vous venez.")
	}
	for _, x := range d.Creneaux {
		if x.String() == c.String() {
			return nil
		}
	}
	return Invalide("creneau", "Cette date n'est pas l'une de celles proposées : choisissez-en une dans la liste.")
}

// ErrorsBrouillon checks what even a draft must respect: the lengths of
// its free text. The web form and the API both reach it through
// workflow.ControlerDemande.
func (d Demande) ErrorsBrouillon() map[string]string {
	errs := map[string]string{}
	VerifierLongueurs(errs,
		Longueur{"titre", "Le titre", d.Titre, LongueurTitreDemande},
		Longueur{"description", "La description", d.Description, LongueurTexte},
		Longueur{"lieu", "Le lieu", d.Lieu, LongueurLibelle},
		Longueur{"contact_nom", "Le nom du contact", d.ContactNom, LongueurNom},
		Longueur{"contact_email", "L'adresse électronique du contact", d.ContactEmail, LongueurEmail},
		Longueur{"contact_telephone", "Le téléphone du contact", d.ContactTelephone, LongueurTelephone})
	VerifierLongueurs(errs, LongueursListe("metiers", "Chaque métier", d.Metiers, LongueurLibelle)...)
	if len(d.Creneaux) > MaxCreneaux {
		errs["dates"] = erreurTropDeDates(len(d.Creneaux))
	}
	return errs
}

func erreurTropDeDates(n int) string {
	return fmt.Sprintf("%d dates, c'est trop : %d au plus. Pour une action étalée, indiquez plutôt une période.", n, MaxCreneaux)
}

// Errors checks a request before it is submitted, field by field (the
// form's names), in French; empty when it can be sent. A draft may be
// saved with errors but not submitted.
func (d Demande) Errors(today time.Time) map[string]string {
	errs := d.ErrorsBrouillon()
	if d.Type.Label() == "" {
		errs["type"] = "Choisissez le type de demande."
	}
	if strings.TrimSpace(d.Titre) == "" {
		errs["titre"] = "Donnez un titre court, par exemple « Matinée des métiers du bâtiment »."
	}
	if d.Personnes < 1 || d.Personnes > 50 {
		errs["personnes"] = "Nombre de personnes souhaitées : de 1 à 50."
	}
	if d.Eleves < 0 || d.Eleves > 5000 {
		errs["eleves"] = "Nombre d'élèves : de 0 à 5 000."
	}
	switch {
	case len(d.Creneaux) == 0 && (d.Debut == nil || d.Fin == nil):
		errs["dates"] = "Indiquez au moins une date (et la demi-journée), ou une période."
	case d.Debut != nil && d.Fin != nil && d.Fin.Before(*d.Debut):
		errs["dates"] = "La fin de la période précède son début."
	case len(d.Creneaux) > MaxCreneaux:
		errs["dates"] = erreurTropDeDates(len(d.Creneaux))
	case d.PremierJour().Before(today):
		errs["dates"] = "Les dates sont passées (le " + Date(d.PremierJour()) + ") : choisissez des dates à venir."
	case d.DatesAuChoix && len(d.Creneaux) < 2:
		errs["dates"] = "Des dates au choix : proposez-en au moins deux."
	}
	if m := ErreurDistance(d.DistanceMaxKm); m != "" {
		errs["distance_max_km"] = m
	}
	if d.Type.AvecPlaces() && (d.Places < 1 || d.Places > MaxPlaces) {
		errs["places"] = fmt.Sprintf("Nombre de places de stage recherchées : de 1 à %d.", MaxPlaces)
	}
	if d.ContactEmail == "" && d.ContactTelephone == "" {
		errs["contact_email"] = "Indiquez comment joindre le contact : courriel ou téléphone."
	}
	return errs
}
