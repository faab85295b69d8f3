package workflow

import (
	"context"
	"encoding/json"
	"time"

	"cee/internal/match"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// coordCommune is a commune's point, nil when unknown.
func coordCommune(code string) *match.Coord {
	if c, ok := refdata.CommuneByCode(code); ok && c.HasCoords {
		return &match.Coord{Lat: c.Lat, Lon: c.Lon}
	}
	return nil
}

// Candidats loads the CEE in mandate (not paused) and the consenting
// professionals of an académie ("" for all), with their history, as the
// matching sees them.
func Candidats(ctx context.Context, s *store.Store, academie string, now time.Time) ([]match.Candidat, error) {
	sc := model.Scope{National: true}
	if academie != "" {
		sc = model.Scope{Academie: academie}
	}
	activite, err := s.ActiviteConseillers(ctx, academie, now)
	if err != nil {
		return nil, err
	}
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	charge, err := s.SollicitationsProfessionnels(ctx, academie, month)
	if err != nil {
		return nil, err
	}
	// The académies' defaults for who did not state their limits.
	params := map[string]model.Parametres{}
	parametres := func(a string) (model.Parametres, error) {
		p, ok := params[a]
		if !ok {
			var err error
			if p, err = s.GetParametres(ctx, a); err != nil {
				return p, err
			}
			params[a] = p
		}
		return p, nil
	}
	var out []match.Candidat
	for _, etat := range []model.EtatDesignation{model.DesignationActive, model.DesignationRenouvellement} {
		list, _, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: sc, Etat: etat, Limit: 1 << 30})
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			if c.EnPause {
				continue
			}
			x := match.CandidatConseiller(c)
			x.Domicile = coordCommune(c.CodeCommune)
			p, err := parametres(c.Academie)
			if err != nil {
				return nil, err
			}
			if x.Dispo.DistanceMaxKm == 0 {
				x.Dispo.DistanceMaxKm = p.DistancePersonneKm
			}
			a := activite[c.ID]
			x.SollicitationsMois, x.AccepteesAn, x.Sollicitees, x.Repondues = a.SollicitationsMois, a.AccepteesAn, a.Sollicitees, a.Repondues
			x.NoteMoyenne, x.NbNotes = a.NoteMoyenne, a.NbNotes
			out = append(out, x)
		}
	}
	pros, _, err := s.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: sc, Limit: 1 << 30})
	if err != nil {
		return nil, err
	}
	for _, p := range pros {
		x := match.CandidatProfessionnel(p)
		x.Domicile = coordCommune(p.CodeCommune)
		pa, err := parametres(p.Academie)
		if err != nil {
			return nil, err
		}
		x.Dispo.MaxParMois, x.Dispo.DistanceMaxKm = PlafondProfessionnel(p, pa), p.Consent.DistanceMaxKm
		if x.Dispo.DistanceMaxKm == 0 {
			x.Dispo.DistanceMaxKm = pa.DistancePersonneKm
		}
		x.SollicitationsMois = charge[p.ID]
		out = append(out, x)
	}
	return out, nil
}

// PlafondProfessionnel is a professional's monthly cap: their own, or
// their académie's default.
func PlafondProfessionnel(p model.Professionnel, pa model.Parametres) int {
	if p.Consent.MaxParMois > 0 {
		return p.Consent.MaxParMois
	}
	return pa.PlafondProfessionnel
}

// natures maps a request's kind to what a professional consents to.
var natures = map[model.TypeDemande]match.Nature{
	model.TypeIntervention: match.Intervention, model.TypeForum: match.Intervention, model.TypeVisite: match.Visite,
	model.TypeStage: match.Stage, model.TypeStageSeconde: match.Stage, model.TypeExpertise: match.Expertise,
	model.TypeInstance: match.Expertise, model.TypeJury: match.Jury, model.TypeAutre: match.Intervention,
}

// DemandeMatch is a request as the matching sees it, with its place from
// the school (or the commune given) and its labels from the reference data.
func DemandeMatch(d model.Demande, e *model.Etablissement) match.Demande {
	m := match.Demande{Academie: d.Academie, Departement: d.Departement, Nature: natures[d.Type], NAF: d.NAF, Familles: d.Familles,
		Metiers: d.Metiers, Specialites: d.Specialites, Noms: nomsMatch}
	if e != nil && e.Latitude != nil && e.Longitude != nil {
		m.Lieu = &match.Coord{Lat: *e.Latitude, Lon: *e.Longitude}
	} else {
		m.Lieu = coordCommune(d.CodeCommune)
	}
	for _, c := range d.Creneaux {
		mo := match.Journee
		switch c.Moment {
		case "AM":
			mo = match.Matin
		case "PM":
			mo = match.ApresMidi
		}
		m.Creneaux = append(m.Creneaux, match.Creneau{Jour: c.Jour, Moment: mo})
	}
	if d.Debut != nil && d.Fin != nil {
		m.Periode = &model.Periode{Debut: *d.Debut, Fin: *d.Fin}
	}
	return m
}

// nomsMatch names the codes of the ranking's reasons as everywhere else.
var nomsMatch = match.Noms{Secteur: refdata.LibelleNAF, Famille: refdata.LibelleFamille, Metier: refdata.LibelleMetier,
	Domaine: refdata.LibelleDomaineMetier, Specialite: refdata.LibelleDiplome, Departement: refdata.LibelleDepartement, Academie: DeAcademie}

// Calendrier is the académie's holidays around a request's dates, for the
// matching's warnings.
func Calendrier(academie, departement string, d model.Demande) match.Calendrier {
	var cal match.Calendrier
	first, last := d.PremierJour(), d.DernierJour()
	for y := first.Year(); y <= last.Year() && !first.IsZero(); y++ {
		for _, f := range refdata.JoursFeriesDepartement(y, departement) {
			cal.Feries = append(cal.Feries, match.Ferie{Date: f.Date, Nom: f.Nom})
		}
	}
	for _, v := range refdata.VacancesOfAcademie(academie) {
		if v.Fin.Before(first) || v.Debut.After(last) {
			continue
		}
		cal.Vacances = append(cal.Vacances, match.Vacances{Debut: v.Debut, Reprise: v.Fin, Nom: v.Description})
	}
	return cal
}

// AlertesDates are the problems of a request's dates (public holiday,
// Sunday, the zone's school holidays), the same the pilote's ranking shows:
// the school's form warns with them before sending.
func AlertesDates(d model.Demande) []string {
	if d.Academie == "" {
		return nil
	}
	return match.AlertesCalendrier(DemandeMatch(d, nil), Calendrier(d.Academie, d.Departement, d))
}

// PoidsOf reads an académie's matching weights, the defaults when unset or
// unreadable.
func PoidsOf(p model.Parametres) match.Poids {
	w := match.PoidsParDefaut()
	if len(p.Poids) > 0 {
		var x match.Poids
		if json.Unmarshal(p.Poids, &x) == nil && x.Valider() == nil {
			w = x
		}
	}
	return w
}

// dureeVivier is how long an académie's pool stays in memory when nothing
// changes: what changes with the clock alone, the 12 months of accepted
// solicitations sliding by.
const dureeVivier = 10 * time.Minute

// Vivier is the pool of an académie's candidates (Candidats), kept in this
// instance's memory while nothing it is made of changes
// (store.VersionsVivier, read by key on each call, so a change through any
// instance or job shows at once) and within the month its counts are of:
// loading and preparing it cost about 130 ms of CPU per request page on the
// national demo, ranking it about 1 ms.
func Vivier(ctx context.Context, s *store.Store, academie string, now time.Time) (*match.Pool, error) {
	mois := now.Format("2006-01") // the month of Candidats' counts
	return store.Memoriser(ctx, s, store.VersionsVivier, academie, "vivier "+mois, now, dureeVivier, func() (*match.Pool, error) {
		cands, err := Candidats(ctx, s, academie, now)
		if err != nil {
			return nil, err
		}
		return match.NewPool(cands)
	})
}

// Classer ranks the candidates of the request's académie not solicited
// for it yet: after a refusal or an expiry, the next ones come first.
func Classer(ctx context.Context, s *store.Store, d model.Demande, o match.Options) (match.Classement, error) {
	var e *model.Etablissement
	if d.UAI != "" {
		if x, err := s.GetEtablissement(ctx, d.UAI); err == nil {
			e = &x
		}
	}
	pool, err := Vivier(ctx, s, d.Academie, time.Now())
	if err != nil {
		return match.Classement{}, err
	}
	deja, err := s.ListSollicitations(ctx, d.ID)
	if err != nil {
		return match.Classement{}, err
	}
	o.Exclure = func(t match.TypeCandidat, id int64) bool {
		c := Choix{}
		if t == match.CEE {
			c.Conseiller = id
		} else {
			c.Professionnel = id
		}
		return solicited(deja, c)
	}
	p, err := s.GetParametres(ctx, d.Academie)
	if err != nil {
		return match.Classement{}, err
	}
	if o.DistanceMaxKm == 0 {
		o.DistanceMaxKm = float64(p.DistanceDemande(d))
	}
	return pool.Rank(DemandeMatch(d, e), Calendrier(d.Academie, d.Departement, d), PoidsOf(p), o)
}
