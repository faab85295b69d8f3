package workflow

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
)

// ErreurFiltre is a filter of a list that cannot be read: the parameter
// and a French message saying what is expected.
type ErreurFiltre struct {
	Champ   string
	Message string
}

func (e ErreurFiltre) Error() string { return e.Message }

// FiltreAnnuaire reads the directory's filters (the web page's query and
// the API's are the same parameters) within p's scope.
func FiltreAnnuaire(p model.Principal, q url.Values) (store.ConseillerFilter, error) {
	f := store.ConseillerFilter{Scope: policy.ScopeOf(p), Q: strings.TrimSpace(q.Get("q"))}
	f.Q = model.Couper(f.Q, model.LongueurLibelle) // a search: shortened, by character, not refused
	if v := q.Get("academie"); v != "" {
		if _, ok := refdata.AcademieByCode(v); !ok {
			return f, ErreurFiltre{Champ: "academie", Message: fmt.Sprintf("académie %q inconnue", v)}
		}
		f.Academie = v
	}
	if v := q.Get("departement"); v != "" {
		code, msg := LireReference(refdata.ReferentielDepartements(), v)
		if msg != "" {
			return f, ErreurFiltre{Champ: "departement", Message: msg}
		}
		f.Departement = code
	}
	if v := q.Get("naf"); v != "" {
		f.SectionNAF = strings.ToUpper(v)
	}
	if v := q.Get("etat"); v != "" {
		ok := false
		for _, e := range model.EtatsDesignation() {
			ok = ok || string(e) == v
		}
		if !ok {
			return f, ErreurFiltre{Champ: "etat", Message: fmt.Sprintf("état %q inconnu", v)}
		}
		f.Etat = model.EtatDesignation(v)
	}
	if v := q.Get("file"); v != "" {
		// A queue of « À traiter » (store.File): the list its counter counts.
		file, ok := store.ParseFile(v)
		if !ok || (file != store.FileAInstruire && file != store.FileAAviser) {
			return f, ErreurFiltre{Champ: "file", Message: fmt.Sprintf("file %q inconnue", v)}
		}
		f.File = file
	}
	if v := q.Get("organisation"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return f, ErreurFiltre{Champ: "organisation", Message: fmt.Sprintf("organisation %q invalide", v)}
		}
		f.OrganisationID = id
	}
	if v := strings.TrimSpace(q.Get("specialite")); v != "" {
		code, msg := LireReference(refdata.ReferentielSpecialites(), CodeSpecialite(v))
		if msg != "" {
			return f, ErreurFiltre{Champ: "specialite", Message: msg}
		}
		f.Specialite = code
	}
	if v := q.Get("statut"); v != "" {
		if model.StatutPro(v).Label() == "" {
			return f, ErreurFiltre{Champ: "statut", Message: fmt.Sprintf("statut %q inconnu", v)}
		}
		f.StatutPro = model.StatutPro(v)
	}
	du, au := q.Get("dispo_du"), q.Get("dispo_au")
	if du != "" || au != "" {
		if au == "" {
			au = du
		}
		if du == "" {
			du = au
		}
		var err1, err2 error
		f.DisponibleDu, err1 = time.Parse("2006-01-02", du)
		f.DisponibleAu, err2 = time.Parse("2006-01-02", au)
		if err1 != nil || err2 != nil || f.DisponibleAu.Before(f.DisponibleDu) {
			return f, ErreurFiltre{Champ: "dispo_du", Message: "période de disponibilité invalide : deux dates, la fin après le début"}
		}
	}
	f.Tri = store.TriAnnuaire(q.Get("tri"))
	if !store.ValidTri(f.Tri) {
		return f, ErreurFiltre{Champ: "tri", Message: fmt.Sprintf("tri %q inconnu", f.Tri)}
	}
	if v := q.Get("famille"); v != "" {
		fam, ok := refdata.FamilleMetiersByCode(v)
		if !ok {
			return f, ErreurFiltre{Champ: "famille", Message: fmt.Sprintf("famille de métiers %q inconnue", v)}
		}
		f.Specialites = fam.Specialites
	}
	return f, nil
}

// LireProfessionnel reads a professional's record for pr, the web page's
// and the API's alike: store.ErrNotFound when pr may not open it
// (policy.ProfessionnelVisible), so that a record out of scope or
// without consent looks absent.
func LireProfessionnel(ctx context.Context, s *store.Store, pr model.Principal, id int64) (model.Professionnel, error) {
	p, err := s.GetProfessionnel(ctx, id)
	if err != nil {
		return p, err
	}
	if !policy.ProfessionnelVisible(pr, p) {
		return model.Professionnel{}, store.ErrNotFound
	}
	return p, nil
}

// EnregistrerFiche saves an adviser's record (checked by the caller); « ne
// pas me solliciter » (EnPause) also stops the solicitations that already
// wait, not only the next rankings.
func EnregistrerFiche(ctx context.Context, s *store.Store, a Actor, c model.Conseiller) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if _, _, err := tx.SaveConseiller(ctx, c); err != nil {
			return err
		}
		if c.EnPause {
			p, err := tx.PersonneOfConseiller(ctx, c.ID)
			if err != nil {
				return err
			}
			if _, err := tx.ArreterSollicitations(ctx, p, time.Now()); err != nil {
				return err
			}
		}
		return journaliser(ctx, tx, a, store.AuditProfil, "conseiller", c.ID, c.Academie, c.NomComplet())
	})
}

// ConsulterConseiller reads an adviser's record in the actor's scope and
// journals the display (web page and API alike).
func ConsulterConseiller(ctx context.Context, s *store.Store, a Actor, id int64) (model.Conseiller, error) {
	c, err := s.GetConseillerInScope(ctx, id, policy.ScopeOf(a.P))
	if err != nil {
		return c, err
	}
	return c, journaliser(ctx, s, a, store.AuditConsultation, "conseiller", c.ID, c.Academie, a.via(c.NomComplet()))
}

// ExporterConseillers reads the advisers of filter f for a spreadsheet and
// journals the export; requete is the query string that chose them.
func ExporterConseillers(ctx context.Context, s *store.Store, a Actor, f store.ConseillerFilter, requete string) ([]model.Conseiller, error) {
	items, _, err := s.SearchConseillers(ctx, f)
	if err != nil {
		return nil, err
	}
	return items, journaliser(ctx, s, a, store.AuditExport, "conseillers", 0, a.P.H.Academie, fmt.Sprintf("%d conseillers (%s)", len(items), requete))
}
