package store

import (
	"context"
	"time"
)

// Attentes counts what waits for someone: the notification bell and the
// pilotes' daily digest read it.
type Attentes struct {
	AValider     int // requests to validate (pilote)
	ASolliciter  int // requests searched with fewer people solicited (waiting or accepted) than wanted (pilote)
	SansReponse  int // solicitations unanswered that expire within two days (pilote)
	AInstruire   int // designations proposed or renewals to instruct (pilote)
	Sollicite    int // solicitations waiting for my answer (CEE)
	CompteRendus int // actions done, to report (CEE)
	AEvaluer     int // requests done, to confirm and rate (requester)
}

// Total is the number on the bell.
func (a Attentes) Total() int {
	return a.AValider + a.ASolliciter + a.SansReponse + a.AInstruire + a.Sollicite + a.CompteRendus + a.AEvaluer
}

// AttentesPilote counts what waits for an académie's pilotes.
func (s *Store) AttentesPilote(ctx context.Context, academie string, now time.Time) (_ Attentes, err error) {
	defer wrap(&err, "AttentesPilote %s", academie)
	var a Attentes
	err = s.q.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM demandes WHERE academie = $1 AND etat = 'a_valider'),
			(SELECT COUNT(*) FROM demandes d WHERE d.academie = $1 AND d.etat = 'en_recherche'
				AND (SELECT COUNT(*) FROM sollicitations s WHERE s.demande_id = d.id AND s.etat IN ('envoyee', 'acceptee')) < d.personnes),
			(SELECT COUNT(*) FROM sollicitations s JOIN demandes d ON d.id = s.demande_id
				WHERE d.academie = $1 AND s.etat = 'envoyee' AND s.expire_le < $2),
			(SELECT COUNT(*) FROM designations WHERE academie = $1 AND courante AND etat IN ('proposee', 'renouvellement_propose'))`,
		academie, utc(now.Add(48*time.Hour))).Scan(&a.AValider, &a.ASolliciter, &a.SansReponse, &a.AInstruire)
	return a, err
}

// AttentesConseiller counts what waits for a CEE.
func (s *Store) AttentesConseiller(ctx context.Context, conseillerID int64) (_ Attentes, err error) {
	defer wrap(&err, "AttentesConseiller %d", conseillerID)
	var a Attentes
	err = s.q.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM sollicitations WHERE conseiller_id = $1 AND etat = 'envoyee'),
			(SELECT COUNT(*) FROM sollicitations s JOIN demandes d ON d.id = s.demande_id
				WHERE s.conseiller_id = $1 AND s.etat = 'acceptee' AND d.etat = 'realisee'
				AND NOT EXISTS (SELECT 1 FROM interventions i WHERE i.demande_id = d.id AND i.conseiller_id = $1))`,
		conseillerID).Scan(&a.Sollicite, &a.CompteRendus)
	return a, err
}

// AttentesDemandeur counts the requests done that wait for their author's
// (or their school's) rating.
func (s *Store) AttentesDemandeur(ctx context.Context, compteID int64, uai string) (_ Attentes, err error) {
	defer wrap(&err, "AttentesDemandeur %d", compteID)
	var a Attentes
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM demandes WHERE etat = 'realisee' AND (auteur_id = $1 OR ($2 <> '' AND uai = $2))`,
		compteID, uai).Scan(&a.AEvaluer)
	return a, err
}
