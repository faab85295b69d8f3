package web

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/pdf"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

type interventionData struct {
	C      model.Conseiller
	Items  []model.Intervention
	Heures float64
	// Autres are the CEE's other services (jury sittings, network events
	// attended); Totaux sums every kind (model.Service).
	Autres  []model.Service
	Totaux  []model.TotalService
	V       url.Values
	Errs    map[string]string
	Periode url.Values // the attestation's period, prefilled
	// CanExport: the person may export actions (a pilote, not the CEE).
	CanExport bool
	// Unites are the units of the CEE's académie an action may be done
	// for (its school must be a member).
	Unites []model.Campus
}

// handleInterventions lists a CEE's actions with the form to record one
// and the attestation to download: the CEE themself, or the pilote.
func (s *Server) handleInterventions(w http.ResponseWriter, r *http.Request) error {
	return s.interventionPage(w, r, http.StatusOK, url.Values{}, map[string]string{})
}

func (s *Server) interventionPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	c, err := s.conseillerToEdit(r)
	if err != nil {
		return err
	}
	d := interventionData{C: c, V: v, Errs: errs,
		CanExport: policy.Can(currentUser(r).P, model.ActionExporter, model.Resource{Kind: model.ResConseillers})}
	if d.Items, err = s.store.ListInterventions(r.Context(), c.ID, time.Time{}, time.Time{}); err != nil {
		return err
	}
	for _, i := range d.Items {
		d.Heures += i.Heures()
	}
	if d.Unites, err = s.store.ListCampusMembre(r.Context(), c.Academie, ""); err != nil {
		return err
	}
	services, err := s.store.ListServices(r.Context(), c.ID, time.Time{}, time.Time{})
	if err != nil {
		return err
	}
	for _, x := range services {
		if x.Genre != model.ServiceAction {
			d.Autres = append(d.Autres, x)
		}
	}
	d.Totaux = model.TotauxServices(services)
	// The attestation's default period: the current school year.
	now := time.Now()
	start := time.Date(now.Year(), time.September, 1, 0, 0, 0, 0, time.UTC)
	if now.Before(start) {
		start = start.AddDate(-1, 0, 0)
	}
	d.Periode = url.Values{"du": {start.Format("2006-01-02")}, "au": {now.Format("2006-01-02")}}
	return render(w, r, status, interventionPage(s.layout(r, "Actions de "+c.NomComplet()), d))
}

// parseHeures reads a duration typed as « 2 », « 1,5 », « 1.5 » or « 1h30 ».
func parseHeures(s string) (int, bool) {
	s = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "")
	if h, m, ok := strings.Cut(s, "h"); ok {
		hh, err1 := strconv.Atoi(h)
		mm := 0
		var err2 error
		if m != "" {
			mm, err2 = strconv.Atoi(m)
		}
		if err1 != nil || err2 != nil || mm < 0 || mm > 59 {
			return 0, false
		}
		return hh*60 + mm, true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return int(math.Round(f * 60)), true
}

func (s *Server) handleInterventionCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.conseillerToEdit(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	i := model.Intervention{ConseillerID: c.ID, Academie: c.Academie, Type: model.TypeDemande(v("type")), Niveaux: r.PostForm["niveaux"], Description: v("description")}
	i.Date, _ = time.Parse("2006-01-02", v("date"))
	i.DureeMinutes, _ = parseHeures(v("duree"))
	for _, f := range []struct {
		name string
		dst  *int
	}{{"eleves", &i.Eleves}, {"professionnels", &i.Professionnels}} {
		if x := v(f.name); x != "" {
			n, err := strconv.Atoi(x)
			if err != nil {
				n = -1 // reported by Errors with the field's bounds
			}
			*f.dst = n
		}
	}
	errs := i.Errors(time.Now())
	if v("date") != "" && i.Date.IsZero() {
		errs["date"] = "Date invalide : format attendu JJ/MM/AAAA."
	}
	if e, msg := workflow.EtablissementSaisi(r.Context(), s.store, c.Academie, v("uai")); msg != "" {
		errs["uai"] = msg
	} else {
		i.UAI = e.UAI
	}
	// The unit: one of the CEE's académie whose members include the school.
	if id, msg := campusSaisi(v("campus")); msg != "" {
		errs["campus"] = msg
	} else if u, msg := workflow.LireUnite(r.Context(), s.store, id, c.Academie, i.UAI, true); msg != "" && errs["uai"] == "" {
		errs["campus"] = msg
	} else {
		i.CampusID = u.ID
	}
	if len(errs) > 0 {
		return s.interventionPage(w, r, http.StatusUnprocessableEntity, r.PostForm, errs)
	}
	err = workflow.CreerIntervention(r.Context(), s.store, s.actor(r), c, i)

	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Action enregistrée", i.Type.Label()+" du "+model.Date(i.Date))
	http.Redirect(w, r, "/conseillers/"+itoa64(c.ID)+"/actions", http.StatusSeeOther)
	return nil
}

// handleAttestation is the attestation d'engagement a CEE hands to their
// employer: the mandate and the actions of a period, with their hours.
func (s *Server) handleAttestation(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	c, err := s.conseillerToEdit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	du, err1 := time.Parse("2006-01-02", q.Get("du"))
	au, err2 := time.Parse("2006-01-02", q.Get("au"))
	if err1 != nil || err2 != nil || au.Before(du) {
		return withStatus(http.StatusBadRequest, errors.New("période invalide : indiquez deux dates, la fin après le début"))
	}
	d, err := s.store.CurrentDesignation(r.Context(), c.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err != nil || d.Debut == nil || d.Fin == nil {
		return withStatus(http.StatusNotFound, errors.New("pas de mandat : l'attestation suppose une désignation prononcée"))
	}
	list, err := s.store.ListServices(r.Context(), c.ID, du, au)
	if err != nil {
		return err
	}
	at := pdf.Attestation{Civilite: c.Civilite, Prenom: c.Prenom, Nom: c.Nom, Employeur: c.Employeur, Debut: *d.Debut, Fin: *d.Fin,
		PeriodeDebut: du, PeriodeFin: au, Date: time.Now(),
		Signataire: "le chef de la mission école-entreprise de l'académie " + workflow.DeAcademie(c.Academie) + ", par délégation du recteur"}
	if policy.SigneAttestation(u.P) {
		at.Signataire = u.Compte.Nom + ", mission école-entreprise de l'académie " + workflow.DeAcademie(c.Academie) + ", par délégation du recteur"
	}
	for _, x := range list {
		if x.Minutes <= 0 {
			continue // an event without a duration gives no hours to attest
		}
		at.Actions = append(at.Actions, pdf.Action{Genre: x.Genre, Date: x.Date, Libelle: x.Libelle, Heures: x.Heures()})
	}
	var buf bytes.Buffer
	if err := pdf.AttestationEngagement(&buf, pdfAcademie(c.Academie), at); err != nil {
		var ve *pdf.ValidationError
		if errors.As(err, &ve) {
			return withStatus(http.StatusBadRequest, err)
		}
		return err
	}
	if err := workflow.JournaliserExport(r.Context(), s.store, s.actor(r), workflow.Export{ObjetType: "attestation", ID: c.ID, Academie: c.Academie, Detail: fmt.Sprintf("attestation du %s au %s", model.Date(du), model.Date(au))}); err != nil {
		return err
	}
	return sendPDF(w, fmt.Sprintf("attestation-%s-%s.pdf", model.Fold(c.Nom), au.Format("2006-01-02")), buf.Bytes())
}

func typeActionSelect(id, v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: id, Name: "type", Label: "Type d'action", Placeholder: "Choisir", Value: v, Error: errMsg, Required: true}
	for _, t := range model.TypesDemande() {
		p.Options = append(p.Options, ui.Option{Value: string(t), Label: t.Label()})
	}
	return p
}

// serviceTable lists jury sittings, network events attended and opinions
// given.
func serviceTable(items []model.Service) ui.TableParams {
	t := ui.TableParams{Caption: "Jurys d'examen, événements du réseau et avis d'expertise", CaptionHidden: true, Bordered: true,
		Headers: []string{"Date", "Service", "Objet", "Durée"}, Empty: "Aucun jury d'examen, événement du réseau (présence constatée) ni avis d'expertise."}
	for _, x := range items {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: model.Date(x.Date)}, {Text: x.Genre.Label()}, {Text: x.Libelle},
			{Text: heuresFR(x.Heures()), Numeric: true}})
	}
	return t
}

// totauxTexte is « Actions : 3 (6,5 h) ; Jurys d'examen : 1 (7 h) ».
func totauxTexte(ts []model.TotalService) string {
	if len(ts) == 0 {
		return "Aucun service enregistré."
	}
	var parts []string
	for _, t := range ts {
		parts = append(parts, fmt.Sprintf("%s : %d (%s)", t.Genre.Label(), t.Nombre, heuresFR(t.Heures())))
	}
	return strings.Join(parts, " ; ") + "."
}

func interventionTable(items []model.Intervention) ui.TableParams {
	t := ui.TableParams{Caption: "Actions", CaptionHidden: true, Bordered: true,
		Headers: []string{"Date", "Type", "Établissement", "Unité", "Durée", "Élèves", "Description"}, Empty: "Aucune action enregistrée."}
	for _, i := range items {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: model.Date(i.Date)}, {Text: i.Type.Label()}, {Text: i.Etablissement}, {Text: i.Campus},
			{Text: heuresFR(i.Heures()), Numeric: true}, {Text: strconv.Itoa(i.Eleves), Numeric: true}, {Text: i.Description}})
	}
	return t
}

// heuresFR writes hours the French way: « 1,5 h ».
func heuresFR(h float64) string {
	return strings.Replace(strconv.FormatFloat(h, 'f', -1, 64), ".", ",", 1) + " h"
}
