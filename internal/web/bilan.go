package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// bilanFilterOf is the list of bilans p may see (policy.BilansVisibles).
func bilanFilterOf(p model.Principal) (store.BilanFilter, bool) {
	v, ok := policy.BilansVisibles(p)
	return store.BilanFilter{Tous: v.Tous, Academie: v.Academie, Perimetre: v.Perimetre, Ref: v.Ref}, ok
}

// canSeeBilan applies policy.BilansVisibles to one bilan.
func canSeeBilan(p model.Principal, b store.Bilan) bool {
	v, ok := policy.BilansVisibles(p)
	return ok && v.Contient(b.Perimetre, b.Ref, b.Academie)
}

type bilansData struct {
	Items     []store.Bilan
	Perimetre model.PerimetreBilan
	Annees    []model.AnneeScolaire
	Academies []refdata.Academie // the admin chooses
	Message   string
	Err       string
}

// handleBilans lists the bilans of the person's scope, with a form to
// produce one.
func (s *Server) handleBilans(w http.ResponseWriter, r *http.Request) error {
	return s.bilansPage(w, r, http.StatusOK, "")
}

func (s *Server) bilansPage(w http.ResponseWriter, r *http.Request, status int, errMsg string) error {
	u := currentUser(r)
	d := bilansData{Perimetre: policy.PerimetreBilan(u.P), Err: errMsg}
	f, ok := bilanFilterOf(u.P)
	if !ok {
		d.Message = "Votre rôle ne produit pas de bilan annuel."
		return render(w, r, status, bilansPage(s.layout(r, "Bilans annuels"), d))
	}
	d.Annees = workflow.Annees(time.Now())
	if policy.ChoisitAcademie(u.P) {
		d.Academies = refdata.Academies()
	}
	items, err := s.store.ListBilans(r.Context(), f)
	if err != nil {
		return err
	}
	d.Items = items
	return render(w, r, status, bilansPage(s.layout(r, "Bilans annuels"), d))
}

// handleBilanCreate launches a bilan as a job; the list shows its progress.
func (s *Server) handleBilanCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	per := policy.PerimetreBilan(u.P)
	if per == "" {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	r.ParseForm()
	annee, err := workflow.LireAnnee(r.PostFormValue("annee"), time.Now())
	if err != nil {
		return s.bilansPage(w, r, http.StatusUnprocessableEntity, "Choisissez une année scolaire.")
	}
	b := store.Bilan{CompteID: u.Compte.ID, Perimetre: per, Annee: annee, Academie: u.P.H.Academie}
	switch per {
	case model.BilanAcademie:
		b.Ref = u.P.H.Academie
		if policy.ChoisitAcademie(u.P) {
			b.Ref = r.PostFormValue("academie")
		}
		a, ok := refdata.AcademieByCode(b.Ref)
		if !ok {
			return s.bilansPage(w, r, http.StatusUnprocessableEntity, "Choisissez une académie.")
		}
		b.Academie, b.Libelle = a.Code, "Académie "+workflow.DeAcademie(a.Code)
	case model.BilanOrganisation:
		b.Ref = u.P.H.Ref
		id, _ := strconv.ParseInt(b.Ref, 10, 64)
		o, err := s.store.GetOrganisation(r.Context(), id)
		if err != nil {
			return err
		}
		if !slices.Contains(o.Academies, u.P.H.Academie) {
			// A role on another académie's organisation (issue 20).
			return store.ErrNotFound
		}
		b.Libelle = o.Nom
	case model.BilanConseiller:
		b.Ref = u.P.H.Ref
		id, _ := strconv.ParseInt(b.Ref, 10, 64)
		c, err := s.store.GetConseillerInScope(r.Context(), id, policy.ScopeOf(u.P))
		if err != nil {
			return err
		}
		b.Libelle, b.Academie = c.NomComplet(), c.Academie
	}
	_, err = workflow.LancerBilan(r.Context(), s.store, s.actor(r), b)
	if err != nil {
		return err
	}
	setFlash(w, ui.KindInfo, "Bilan en préparation", "La liste se met à jour quand il est prêt.")
	http.Redirect(w, r, "/tableau-de-bord/bilans", http.StatusSeeOther)
	return nil
}

func (s *Server) bilanOf(r *http.Request) (store.Bilan, error) {
	id, err := pathID(r)
	if err != nil {
		return store.Bilan{}, err
	}
	b, err := s.store.GetBilan(r.Context(), id)
	if err != nil {
		return b, err
	}
	if !canSeeBilan(currentUser(r).P, b) {
		return b, withStatus(http.StatusNotFound, errNotFoundPage)
	}
	return b, nil
}

// handleBilanProgression is one bilan's progress, polled while it runs.
func (s *Server) handleBilanProgression(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bilanOf(r)
	if err != nil {
		return err
	}
	if (b.Etat == model.BilanPret || b.Etat == model.BilanEchec) && r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Refresh", "true")
	}
	return render(w, r, http.StatusOK, bilanProgression(b))
}

// handleBilanFichier sends the PDF or the workbook; written in the journal.
func (s *Server) handleBilanFichier(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bilanOf(r)
	if err != nil {
		return err
	}
	kind, ctype := "", ""
	switch r.PathValue("fichier") {
	case "bilan.pdf":
		kind, ctype = "pdf", "application/pdf"
	case "bilan.xlsx":
		kind, ctype = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	default:
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	data, err := workflow.FichierBilan(r.Context(), s.store, s.actor(r), b, kind)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="bilan-%s-%s-%d.%s"`, b.Annee.Label(), b.Perimetre, b.ID, kind))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, err = w.Write(data)
	return err
}

func bilanHref(b store.Bilan, f string) string {
	return "/tableau-de-bord/bilans/" + itoa64(b.ID) + "/" + f
}

func taille(n int) string {
	if n < 1024 {
		return strconv.Itoa(n) + " o"
	}
	return strconv.Itoa((n+1023)/1024) + " ko"
}
