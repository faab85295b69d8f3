package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/optim"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/workflow"
)

// jurys creates the exam sessions of an académie: the June session of the
// last school year, composed by the optimiser (workflow.Composer, as the
// job does), published, answered and attended; and the coming June
// session, its juries imported and its availability campaign open with
// some answers. Like animation, it queues no mail and draws from its own
// generator. The académie's exam division has set its expenses procedure
// and an export layout of its own. It returns the sessions and juries
// created.
func jurys(ctx context.Context, s *store.Store, rng *rand.Rand, academie string, etabs []model.Etablissement, now time.Time) (sessions, nj int, err error) {
	err = s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveParametresJurys(ctx, model.ParametresJurys{Academie: academie,
			Frais: "Vos frais de déplacement et de repas sont remboursés sur la base de cette convocation, qui vaut ordre de mission.\n" +
				"Saisissez-les dans Imag'In dans le mois qui suit la session, avec vos justificatifs de transport ; le véhicule personnel est indemnisé au barème kilométrique.",
			Colonnes: []string{"jury", "diplome", "centre", "dates", "civilite", "nom", "prenom", "email", "telephone", "employeur", "siret", "college", "statut"}}); err != nil {
			return err
		}
		var cees []model.Conseiller
		for _, etat := range []model.EtatDesignation{model.DesignationActive, model.DesignationRenouvellement} {
			list, _, err := tx.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: academie}, Etat: etat, Limit: 1 << 20})
			if err != nil {
				return err
			}
			for _, c := range list {
				if !c.EnPause {
					cees = append(cees, c)
				}
			}
		}
		pros, _, err := tx.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: model.Scope{Academie: academie}, Limit: 1 << 20})
		if err != nil {
			return err
		}
		pros = slices.DeleteFunc(pros, func(p model.Professionnel) bool { return !p.Contactable() || !p.Consent.Jurys })
		// By id, not by name: both databases give the same order, so the
		// same draws.
		slices.SortFunc(cees, func(a, b model.Conseiller) int { return cmp.Compare(a.ID, b.ID) })
		slices.SortFunc(pros, func(a, b model.Professionnel) int { return cmp.Compare(a.ID, b.ID) })
		// Exam centres: the lycées professionnels, with the polyvalents
		// when there are too few.
		var centres []model.Etablissement
		for _, pass := range []bool{false, true} {
			if len(centres) >= 3 {
				break
			}
			for _, e := range etabs {
				if e.Academie == academie && e.Type == model.Lycee && e.VoieProfessionnelle && e.VoieGenerale == pass && e.Latitude != nil {
					centres = append(centres, e)
				}
			}
		}
		specs := specialitesJurys(cees)
		if len(centres) < 2 || len(specs) == 0 {
			return nil
		}
		annee := model.AnneeScolaireOf(now)
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		// The past session: June of the last school year, always over.
		passee := semaineExamens(int(annee))
		n, err := sessionPassee(ctx, tx, rng, academie, passee, centres, specs, cees, pros)
		if err != nil {
			return err
		}
		sessions, nj = sessions+1, nj+n
		// The coming one: June of this school year, or of the next when it
		// is too close for a campaign.
		prochaine := semaineExamens(int(annee) + 1)
		if prochaine[0].Sub(today) < 35*24*time.Hour {
			prochaine = semaineExamens(int(annee) + 2)
		}
		echeance := today.AddDate(0, 0, min(21, int(prochaine[0].Sub(today).Hours()/24/2)))
		n, err = sessionCampagne(ctx, tx, rng, academie, prochaine, echeance, centres, specs, cees, pros)
		if err != nil {
			return err
		}
		sessions, nj = sessions+1, nj+n
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("jurys de démonstration, académie %s : %w", academie, err)
	}
	return sessions, nj, nil
}

// semaineExamens is the exam week of June of a year: the working days of
// the week of the second Monday of June (Whit Monday may fall in it).
func semaineExamens(year int) []time.Time {
	d := time.Date(year, time.June, 8, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	var days []time.Time
	for i := range 5 {
		if day := d.AddDate(0, 0, i); !refdata.IsJourFerie(day) {
			days = append(days, day)
		}
	}
	return days
}

// specialitesJurys chooses the specialities of the demo's juries among the
// CEE's: the four most held of each of CAP, bac pro and BTS.
func specialitesJurys(cees []model.Conseiller) []refdata.Diplome {
	count := map[string]int{}
	for _, c := range cees {
		for _, sp := range c.Specialites {
			count[sp]++
		}
	}
	var list []refdata.Diplome
	for code := range count {
		if d, ok := refdata.DiplomeByCode(code); ok && (d.Type == "CAP" || d.Type == "BAC PRO" || d.Type == "BTS") {
			list = append(list, d)
		}
	}
	slices.SortFunc(list, func(a, b refdata.Diplome) int {
		return cmp.Or(cmp.Compare(count[b.Code], count[a.Code]), strings.Compare(a.Code, b.Code))
	})
	var out []refdata.Diplome
	per := map[string]int{}
	for _, d := range list {
		if per[d.Type] < 4 {
			per[d.Type]++
			out = append(out, d)
		}
	}
	return out
}

// jurysDemo draws the juries of a session as the exam division's file
// would give them (workflow.ImportJurys): CAP juries sit one half-day,
// bac pro and BTS a day; two seats, one employer and one employee (D.337-23
// and following), four for a bac pro with many candidates; as many
// teachers as professionals; a third examine candidates of another school.
func jurysDemo(rng *rand.Rand, sessionID int64, days []time.Time, centres []model.Etablissement, specs []refdata.Diplome, cees []model.Conseiller) []model.Jury {
	seen := map[string]int{}
	var out []model.Jury
	for k, d := range specs {
		// Professionals give their specialities only when they answer a
		// campaign: the centre is one of the three nearest to an employer
		// CEE holding the speciality, as a rectorat would place it.
		var employeurs []model.Conseiller
		for _, c := range cees {
			if model.CollegeOf(c.StatutPro) == model.CollegeEmployeur && slices.Contains(c.Specialites, d.Code) {
				employeurs = append(employeurs, c)
			}
		}
		for range 1 + rng.IntN(2) {
			j := model.Jury{SessionID: sessionID, Code: workflow.CodeJury(d, seen), Specialite: d.Code}
			centre := centres[rng.IntN(len(centres))]
			if len(employeurs) > 0 {
				if cm, ok := refdata.CommuneByCode(pick(rng, employeurs).CodeCommune); ok && cm.HasCoords {
					near := slices.Clone(centres)
					slices.SortStableFunc(near, func(a, b model.Etablissement) int {
						return cmp.Compare(optim.Distance(cm.Lat, cm.Lon, *a.Latitude, *a.Longitude), optim.Distance(cm.Lat, cm.Lon, *b.Latitude, *b.Longitude))
					})
					centre = near[rng.IntN(min(3, len(near)))]
				}
			}
			j.UAI = centre.UAI
			day := days[rng.IntN(len(days))].Format("2006-01-02")
			switch {
			case d.Type == "CAP":
				j.DemiJournees = []string{day + pick(rng, []string{"AM", "PM"})}
			default:
				j.DemiJournees = []string{day + "AM", day + "PM"}
			}
			j.Sieges, j.Employeurs, j.Salaries = 2, 1, 1
			if d.Type == "BAC PRO" && k%4 == 0 && rng.IntN(2) == 0 {
				j.Sieges, j.Employeurs, j.Salaries = 4, 2, 2
			}
			j.Enseignants = j.Sieges
			if rng.IntN(3) == 0 {
				if other := centres[rng.IntN(len(centres))]; other.UAI != centre.UAI {
					j.Conflits = []string{other.UAI}
				}
			}
			out = append(out, j)
		}
	}
	return out
}

// lieuxDe are the points of the exam centres.
func lieuxDe(centres []model.Etablissement) map[string][2]float64 {
	out := map[string][2]float64{}
	for _, e := range centres {
		out[e.UAI] = [2]float64{*e.Latitude, *e.Longitude}
	}
	return out
}

// invitesDemo creates the availability requests of a campaign, as
// workflow.LancerCampagne selects them (CEE and professionals who agreed to
// sit in juries, holding one of the session's specialities), without its
// mail; and answers some of them.
func invitesDemo(ctx context.Context, tx *store.Store, rng *rand.Rand, sessionID int64, jurys []model.Jury, lieux map[string][2]float64,
	cees []model.Conseiller, pros []model.Professionnel, tauxCEE, tauxPros float64) error {
	wanted := map[string]bool{}
	var specs []string
	for _, j := range jurys {
		if !wanted[j.Specialite] {
			specs = append(specs, j.Specialite)
		}
		wanted[j.Specialite] = true
	}
	halfDays := workflow.DemiJourneesSession(jurys)
	var centres []string
	for _, j := range jurys {
		centres = append(centres, j.UAI)
	}
	answer := func(id int64, specialites []string, taux float64) error {
		if rng.Float64() >= taux {
			return nil // no answer (yet)
		}
		d := model.DisponibiliteJury{ID: id, Specialites: specialites, MaxDemiJournees: 2 + rng.IntN(5), MaxKm: pick(rng, []int{50, 80, 100, 120, 150})}
		// Whole days mostly, some mornings or afternoons only.
		for _, h := range halfDays {
			if strings.HasSuffix(h, "PM") && slices.Contains(halfDays, h[:10]+"AM") {
				continue // drawn with its morning
			}
			switch r := rng.Float64(); {
			case r < 0.55:
				d.DemiJournees = append(d.DemiJournees, h[:10]+"AM", h[:10]+"PM")
			case r < 0.7:
				d.DemiJournees = append(d.DemiJournees, h)
			case r < 0.8:
				d.DemiJournees = append(d.DemiJournees, h[:10]+"PM")
			}
		}
		d.DemiJournees = slices.DeleteFunc(d.DemiJournees, func(h string) bool { return !slices.Contains(halfDays, h) })
		if len(d.DemiJournees) == 0 {
			d.DemiJournees = halfDays[:1]
		}
		if rng.IntN(6) == 0 { // trained candidates of a school: not in its juries
			d.Liens = []string{pick(rng, centres)}
		}
		return tx.SaveReponseDisponibilite(ctx, d)
	}
	for _, c := range cees {
		if !slices.ContainsFunc(c.Specialites, func(sp string) bool { return wanted[sp] }) {
			continue
		}
		id, err := tx.CreateDisponibilite(ctx, model.DisponibiliteJury{SessionID: sessionID, ConseillerID: c.ID})
		if err != nil {
			return err
		}
		if err := answer(id, nil, tauxCEE); err != nil { // their specialities are their record's
			return err
		}
	}
	for _, p := range pros {
		if !slices.ContainsFunc(p.Specialites, func(sp string) bool { return wanted[sp] }) {
			continue
		}
		id, err := tx.CreateDisponibilite(ctx, model.DisponibiliteJury{SessionID: sessionID, ProfessionnelID: p.ID})
		if err != nil {
			return err
		}
		// They say what they can examine among their specialities, of the
		// juries within reach if any.
		near := slices.DeleteFunc(slices.Clone(specs), func(sp string) bool { return !slices.Contains(p.Specialites, sp) })
		if c, ok := refdata.CommuneByCode(p.CodeCommune); ok && c.HasCoords {
			var list []string
			for _, j := range jurys {
				if l, ok := lieux[j.UAI]; ok && optim.Distance(c.Lat, c.Lon, l[0], l[1]) <= 80 && !slices.Contains(list, j.Specialite) &&
					slices.Contains(p.Specialites, j.Specialite) {
					list = append(list, j.Specialite)
				}
			}
			if len(list) > 0 {
				near = list
			}
		}
		sp := []string{pick(rng, near)}
		if other := pick(rng, near); other != sp[0] && rng.IntN(3) == 0 {
			sp = append(sp, other)
		}
		if err := answer(id, sp, tauxPros); err != nil {
			return err
		}
	}
	return nil
}

// sessionDemo opens a session over days and imports its juries.
func sessionDemo(ctx context.Context, tx *store.Store, rng *rand.Rand, academie string, days []time.Time, centres []model.Etablissement,
	specs []refdata.Diplome, cees []model.Conseiller) (int64, []model.Jury, error) {
	nom := "Session de juin " + days[0].Format("2006")
	id, err := tx.CreateSessionExamen(ctx, model.SessionExamen{Academie: academie, Nom: nom, Debut: days[0], Fin: days[len(days)-1]})
	if err != nil {
		return 0, nil, err
	}
	list := jurysDemo(rng, id, days, centres, specs, cees)
	for _, j := range list {
		if _, err := tx.UpsertJury(ctx, j); err != nil {
			return 0, nil, err
		}
	}
	return id, list, nil
}

// sessionPassee is last June's session, from the import to the
// attendance: most people confirmed and sat, a few were prevented, did not
// answer, or did not come.
func sessionPassee(ctx context.Context, tx *store.Store, rng *rand.Rand, academie string, days []time.Time, centres []model.Etablissement,
	specs []refdata.Diplome, cees []model.Conseiller, pros []model.Professionnel) (int, error) {
	id, list, err := sessionDemo(ctx, tx, rng, academie, days, centres, specs, cees)
	if err != nil {
		return 0, err
	}
	if err := tx.SetSessionEtat(ctx, id, model.SessionPreparation, model.SessionCampagne); err != nil {
		return 0, err
	}
	if err := tx.SetEcheanceSession(ctx, id, days[0].AddDate(0, 0, -30)); err != nil {
		return 0, err
	}
	if err := invitesDemo(ctx, tx, rng, id, list, lieuxDe(centres), cees, pros, 0.9, 0.7); err != nil {
		return 0, err
	}
	// The composition as the job runs it: the optimiser, then its proposal
	// written; a small instance, solved in milliseconds.
	if err := tx.SetSessionEtat(ctx, id, model.SessionCampagne, model.SessionComposition); err != nil {
		return 0, err
	}
	if err := workflow.Composer(ctx, tx, id, time.Minute); err != nil {
		return 0, err
	}
	if err := tx.SetSessionEtat(ctx, id, model.SessionComposee, model.SessionPubliee); err != nil {
		return 0, err
	}
	if err := tx.SetStatutMembres(ctx, id, "convoque"); err != nil {
		return 0, err
	}
	jurys, err := tx.ListJurys(ctx, id)
	if err != nil {
		return 0, err
	}
	// Each person answers their convocation once, for all their seats
	// (workflow.RepondreConvocation): most confirm, one in ten is
	// prevented, one in ten does not answer. Of those expected, a few do
	// not come. By rank rather than drawn, so that every case is there.
	rang := map[int64]int{}
	for _, j := range jurys {
		for _, m := range j.Membres {
			k, ok := rang[m.DisponibiliteID]
			if !ok {
				k = len(rang)
				rang[m.DisponibiliteID] = k
			}
			st, present := "confirme", k%10 != 5
			switch k % 10 {
			case 3:
				st = "empeche"
			case 7:
				st, present = "convoque", rng.IntN(2) == 0
			}
			if st != "convoque" {
				if err := tx.SetStatutMembre(ctx, m.ID, st); err != nil {
					return 0, err
				}
			}
			if st == "empeche" {
				continue // not expected: no attendance
			}
			if err := tx.SetPresence(ctx, m.ID, present); err != nil {
				return 0, err
			}
		}
	}
	return len(list), nil
}

// sessionCampagne is the coming session: juries imported, the network
// asked for its availability until echeance, about half of it answered.
func sessionCampagne(ctx context.Context, tx *store.Store, rng *rand.Rand, academie string, days []time.Time, echeance time.Time,
	centres []model.Etablissement, specs []refdata.Diplome, cees []model.Conseiller, pros []model.Professionnel) (int, error) {
	id, list, err := sessionDemo(ctx, tx, rng, academie, days, centres, specs, cees)
	if err != nil {
		return 0, err
	}
	if err := tx.SetSessionEtat(ctx, id, model.SessionPreparation, model.SessionCampagne); err != nil {
		return 0, err
	}
	if err := tx.SetEcheanceSession(ctx, id, echeance); err != nil {
		return 0, err
	}
	return len(list), invitesDemo(ctx, tx, rng, id, list, lieuxDe(centres), cees, pros, 0.5, 0.4)
}
