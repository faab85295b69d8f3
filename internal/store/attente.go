package store

import (
	"context"
	"strconv"
	"time"

	"cee/internal/model"
)

// Attentes counts what waits for someone: the notification bell and the
// pilotes' daily digest read it. Each counter is the total of the list it
// links to (AttenteLigne.Href), through the same filter (CountDemandes,
// CountConseillers with a File of conds.go).
type Attentes struct {
	AValider     int // requests to validate (pilote)
	ASolliciter  int // requests searched with fewer people solicited (waiting or accepted) than wanted (pilote)
	SansReponse  int // requests with a solicitation unanswered that expires within two days (pilote)
	AInstruire   int // candidatures proposed or renewals to instruct (pilote)
	AAviser      int // candidatures in instruction without the inspection's opinion (inspector)
	Sollicite    int // requests whose solicitation waits for my answer (CEE)
	CompteRendus int // actions done, to report (CEE)
	AEvaluer     int // requests done, to confirm and rate (requester)
}

// Total is the number on the bell.
func (a Attentes) Total() int {
	return a.AValider + a.ASolliciter + a.SansReponse + a.AInstruire + a.AAviser + a.Sollicite + a.CompteRendus + a.AEvaluer
}

// AttenteLigne is one line of « À traiter »: its number, its text and the
// list it leads to, whose total is N.
type AttenteLigne struct {
	N     int
	Texte string
	Href  string
}

// Lignes are the non-empty queues, in the order « À traiter » shows them.
func (a Attentes) Lignes() []AttenteLigne {
	var out []AttenteLigne
	for _, l := range []AttenteLigne{
		{a.AValider, "demande(s) à valider", "/demandes?etat=a_valider"},
		{a.ASolliciter, "demande(s) en recherche où il manque des personnes sollicitées", "/demandes?file=" + string(FileASolliciter)},
		{a.SansReponse, "demande(s) dont une sollicitation sans réponse expire sous deux jours", "/demandes?file=" + string(FileRelance)},
		{a.AInstruire, "candidature(s) ou renouvellement(s) à instruire", "/conseillers?file=" + string(FileAInstruire)},
		{a.AAviser, "candidature(s) en instruction attendent l'avis de l'inspection", "/conseillers?file=" + string(FileAAviser)},
		{a.Sollicite, "demande(s) où votre réponse à une sollicitation est attendue", "/demandes?file=" + string(FileARepondre)},
		{a.CompteRendus, "action(s) réalisée(s) dont le compte rendu manque", "/demandes?file=" + string(FileCompteRendu)},
		{a.AEvaluer, "action(s) réalisée(s) à confirmer et évaluer", "/demandes?etat=realisee"},
	} {
		if l.N > 0 {
			out = append(out, l)
		}
	}
	return out
}

// dureeAttentes is how long a pilote's counters stay valid when nothing
// changes: what changes with the clock alone (solicitations that come to
// expire within two days).
const dureeAttentes = time.Minute

// AttentesPilote counts what waits for an académie's pilotes. The layout
// shows them on every page, and counting them took 22 ms of CPU per page on
// the national SQLite demo: they are kept in memory while the académie's
// requests, solicitations and designations are unchanged
// (VersionsAcademie), which every instance reads by key.
func (s *Store) AttentesPilote(ctx context.Context, academie string, now time.Time) (_ Attentes, err error) {
	defer wrap(&err, "AttentesPilote %s", academie)
	return Memoriser(ctx, s, VersionsAcademie, academie, "attentes", now, dureeAttentes, func() (Attentes, error) {
		return s.attentesPilote(ctx, academie, now)
	})
}

func (s *Store) attentesPilote(ctx context.Context, academie string, now time.Time) (_ Attentes, err error) {
	var a Attentes
	sc := model.Scope{Academie: academie}
	for _, x := range []struct {
		dst *int
		f   DemandeFilter
	}{
		{&a.AValider, DemandeFilter{Scope: sc, Etats: []model.EtatDemande{model.DemandeAValider}}},
		{&a.ASolliciter, DemandeFilter{Scope: sc, File: FileASolliciter, Now: now}},
		{&a.SansReponse, DemandeFilter{Scope: sc, File: FileRelance, Now: now}},
	} {
		if *x.dst, err = s.CountDemandes(ctx, x.f); err != nil {
			return a, err
		}
	}
	a.AInstruire, err = s.CountConseillers(ctx, ConseillerFilter{Scope: sc, File: FileAInstruire})
	return a, err
}

// AttentesInspecteur counts what waits for an inspector of an académie:
// the candidatures awaiting the inspection's opinion, and the requests
// they wrote to rate.
func (s *Store) AttentesInspecteur(ctx context.Context, academie string, compteID int64) (_ Attentes, err error) {
	defer wrap(&err, "AttentesInspecteur %s", academie)
	a, err := s.AttentesDemandeur(ctx, DemandeFilter{CompteID: compteID, AuteurSeul: true})
	if err != nil {
		return a, err
	}
	a.AAviser, err = s.CountConseillers(ctx, ConseillerFilter{Scope: model.Scope{Academie: academie}, File: FileAAviser})
	return a, err
}

// AttentesConseiller counts what waits for a CEE.
func (s *Store) AttentesConseiller(ctx context.Context, academie string, conseillerID int64) (_ Attentes, err error) {
	defer wrap(&err, "AttentesConseiller %d", conseillerID)
	var a Attentes
	sc := model.Scope{Academie: academie, Conseiller: strconv.FormatInt(conseillerID, 10)}
	if a.Sollicite, err = s.CountDemandes(ctx, DemandeFilter{Scope: sc, File: FileARepondre}); err != nil {
		return a, err
	}
	a.CompteRendus, err = s.CountDemandes(ctx, DemandeFilter{Scope: sc, File: FileCompteRendu})
	return a, err
}

// AttentesDemandeur counts the requests done that wait for their author's
// (or their school's) rating: f is the reader's own list of requests.
func (s *Store) AttentesDemandeur(ctx context.Context, f DemandeFilter) (_ Attentes, err error) {
	defer wrap(&err, "AttentesDemandeur %d", f.CompteID)
	var a Attentes
	f.Etats = []model.EtatDemande{model.DemandeRealisee}
	a.AEvaluer, err = s.CountDemandes(ctx, f)
	return a, err
}
