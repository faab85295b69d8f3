package api

import (
	"net/http"

	"cee/internal/model"
	"cee/internal/policy"
)

// SessionExamen is an exam session whose juries the network staffs.
type SessionExamen struct {
	ID       int64  `json:"id"`
	Academie string `json:"academie"`
	Nom      string `json:"nom"`
	Debut    Date   `json:"debut"`
	Fin      Date   `json:"fin"`
	Echeance *Date  `json:"echeance" doc:"Fin de la campagne de disponibilités."`
	Etat     string `json:"etat" doc:"preparation, campagne, composition, composee ou publiee."`
	Jurys    int    `json:"jurys" doc:"Nombre de jurys."`
}

// SessionDetail is a session with its juries.
type SessionDetail struct {
	SessionExamen
	ListeJurys []Jury `json:"liste_jurys"`
}

// Jury is one jury of a session.
type Jury struct {
	ID           int64        `json:"id"`
	Code         string       `json:"code"`
	Specialite   string       `json:"specialite" doc:"Code de diplôme (CFD)."`
	UAI          string       `json:"uai" doc:"Centre d'examen."`
	Centre       string       `json:"centre"`
	DemiJournees []string     `json:"demi_journees"`
	Sieges       int          `json:"sieges" doc:"Sièges de professionnels."`
	Employeurs   int          `json:"employeurs"`
	Salaries     int          `json:"salaries"`
	Enseignants  int          `json:"enseignants"`
	Membres      []MembreJury `json:"membres"`
}

// MembreJury is a professional seated in a jury.
type MembreJury struct {
	ID      int64  `json:"id"`
	Nom     string `json:"nom"`
	Email   string `json:"email"`
	College string `json:"college" doc:"employeur ou salarie."`
	Statut  string `json:"statut"`
	Present *bool  `json:"present" doc:"Présence constatée ; null avant l'épreuve."`
}

func sessionOf(x model.SessionExamen) SessionExamen {
	return SessionExamen{ID: x.ID, Academie: x.Academie, Nom: x.Nom, Debut: dateOf(x.Debut), Fin: dateOf(x.Fin),
		Echeance: datePtr(x.Echeance), Etat: string(x.Etat), Jurys: x.Jurys}
}

func (s *Server) sessionList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	list, err := s.store.ListSessionsExamen(r.Context(), policy.AcademieSessions(c.P))
	if err != nil {
		return err
	}
	out := []SessionExamen{}
	for i := offset; i < len(list) && i < offset+limit; i++ {
		out = append(out, sessionOf(list[i]))
	}
	return writePage(w, r, out, len(list), offset, limit)
}

func (s *Server) sessionShow(w http.ResponseWriter, r *http.Request, c *appel) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := s.store.GetSessionExamen(r.Context(), id, policy.AcademieSessions(c.P))
	if err != nil {
		return err
	}
	jurys, err := s.store.ListJurys(r.Context(), x.ID)
	if err != nil {
		return err
	}
	out := SessionDetail{SessionExamen: sessionOf(x), ListeJurys: []Jury{}}
	for _, j := range jurys {
		oj := Jury{ID: j.ID, Code: j.Code, Specialite: j.Specialite, UAI: j.UAI, Centre: j.Centre, DemiJournees: nonNil(j.DemiJournees),
			Sieges: j.Sieges, Employeurs: j.Employeurs, Salaries: j.Salaries, Enseignants: j.Enseignants, Membres: []MembreJury{}}
		for _, m := range j.Membres {
			oj.Membres = append(oj.Membres, MembreJury{ID: m.ID, Nom: m.Nom, Email: m.Email, College: m.College, Statut: m.Statut, Present: m.Present})
		}
		out.ListeJurys = append(out.ListeJurys, oj)
	}
	return writeJSON(w, http.StatusOK, out)
}
