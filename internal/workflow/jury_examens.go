package workflow

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"cee/internal/model"
	"cee/internal/optim"
	"cee/internal/refdata"
	"cee/internal/store"
)

// EnregistrerParametresJurys saves an académie's jury settings (expenses
// procedure, export layout) after checking them: a model.Erreur per field
// otherwise, nothing written.
func EnregistrerParametresJurys(ctx context.Context, s *store.Store, a Actor, p model.ParametresJurys) error {
	for champ, msg := range p.Errors() {
		return model.Invalide(champ, msg) // the form checked them all first
	}
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveParametresJurys(ctx, p); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditJury, "parametres_jurys", 0, p.Academie, "colonnes de l'export : "+strings.Join(p.Colonnes, ", "))
	})
}

// TableauComposition lays a session's composition out in the académie's
// columns: one row per seat, juries in code order. Dates and diplomas are
// written in words; the diploma and centre codes only in their own
// columns, for the ministry's tools.
func TableauComposition(x model.SessionExamen, jurys []model.Jury, colonnes []string) (header []string, rows [][]string) {
	for _, c := range colonnes {
		header = append(header, model.LibelleColonneExport(c))
	}
	for _, j := range jurys {
		var dates []string
		for _, h := range j.DemiJournees {
			dates = append(dates, model.DemiJourneeHoraire(h))
		}
		for _, m := range j.Membres {
			row := make([]string, len(colonnes))
			for i, c := range colonnes {
				switch c {
				case "civilite":
					row[i] = m.Civilite
				case "prenom":
					row[i] = m.Prenom
				case "nom":
					row[i] = m.NomFamille
				case "email":
					row[i] = m.Email
				case "telephone":
					row[i] = m.Telephone
				case "employeur":
					row[i] = m.Employeur
				case "siret":
					row[i] = m.SIRET
				case "college":
					row[i] = model.CollegeLabel(m.College, m.StatutConnu)
				case "session":
					row[i] = x.Nom
				case "jury":
					row[i] = j.Code
				case "code_diplome":
					row[i] = j.Specialite
				case "diplome":
					row[i] = refdata.LibelleDiplome(j.Specialite)
				case "uai_centre":
					row[i] = j.UAI
				case "centre":
					row[i] = j.Centre
				case "adresse_centre":
					row[i] = j.Adresse
				case "dates":
					row[i] = strings.Join(dates, " ; ")
				case "distance":
					row[i] = strconv.FormatFloat(m.DistanceKm, 'f', 1, 64)
				case "statut":
					row[i] = model.StatutMembreLabel(m.Statut)
				}
			}
			rows = append(rows, row)
		}
	}
	return header, rows
}

// RemplacantsJurys lists, for each of the given juries, up to n people who
// could take a seat now (see Remplacants), building the session's instance
// once: the session page asks for the juries it shows, not the thousand of
// a national session.
func RemplacantsJurys(ctx context.Context, s *store.Store, sessionID int64, ids []int64, n int) (map[int64][]model.DisponibiliteJury, error) {
	out := map[int64][]model.DisponibiliteJury{}
	if len(ids) == 0 {
		return out, nil
	}
	inst, jurys, _, err := InstanceSession(ctx, s, sessionID)
	if err != nil {
		return nil, err
	}
	dispos, err := s.ListDisponibilites(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]model.DisponibiliteJury{}
	for _, d := range dispos {
		byID[d.ID] = d
	}
	for _, id := range ids {
		for _, c := range candidats(inst, jurys, id, n) {
			if d, ok := byID[c]; ok {
				out[id] = append(out[id], d)
			}
		}
	}
	return out, nil
}

// candidats are the availability ids of up to n people who could take a
// seat in jury jID as the session stands: competent, available on all its
// half-days and free then, within their distance, without a conflict,
// under their load; nearest first.
func candidats(inst *optim.Instance, jurys []model.Jury, jID int64, n int) []int64 {
	busy := map[string]map[string]bool{} // person → half-days taken
	load := map[string]int{}
	seated := map[string]bool{}
	for _, j := range jurys {
		for _, m := range j.Membres {
			p := personID(m.DisponibiliteID)
			if busy[p] == nil {
				busy[p] = map[string]bool{}
			}
			for _, h := range j.DemiJournees {
				busy[p][h] = true
			}
			load[p] += len(j.DemiJournees)
			if j.ID == jID {
				seated[p] = true
			}
		}
	}
	var target optim.Jury
	found := false
	for _, j := range inst.Juries {
		if j.ID == juryID(jID) {
			target, found = j, true
		}
	}
	if !found {
		return nil
	}
	type cand struct {
		id int64
		km float64
	}
	var cands []cand
	for _, p := range inst.People {
		if seated[p.ID] || !slices.Contains(p.Specialties, target.Specialty) || load[p.ID]+len(target.HalfDays) > p.MaxHalfDays {
			continue
		}
		ok := true
		for _, h := range target.HalfDays {
			ok = ok && slices.Contains(p.Available, h) && !busy[p.ID][h]
		}
		for _, t := range p.Ties {
			ok = ok && !slices.Contains(target.Conflicts, t)
		}
		km := optim.Distance(p.Lat, p.Lon, target.Lat, target.Lon)
		if ok && km <= p.MaxKm {
			cands = append(cands, cand{parseInstanceID(p.ID), km})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.km != b.km {
			if a.km < b.km {
				return -1
			}
			return 1
		}
		return int(a.id - b.id)
	})
	var out []int64
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.id)
	}
	return out
}
