package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/export"
	"cee/internal/model"
	"cee/internal/optim"
	"cee/internal/pdf"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// sessionAcademie is the académie whose sessions the person manages: an
// admin's is every one ("").
func sessionAcademie(u *user) string { return policy.AcademieSessions(u.P) }

type sessionListData struct {
	Items     []model.SessionExamen
	V         url.Values
	Errs      map[string]string
	Academies []refdata.Academie
}

// handleSessions lists the exam sessions with a form to open one.
func (s *Server) handleSessions(w http.ResponseWriter, r *http.Request) error {
	return s.sessionsPage(w, r, http.StatusOK, url.Values{}, map[string]string{})
}

func (s *Server) sessionsPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	u := currentUser(r)
	items, err := s.store.ListSessionsExamen(r.Context(), sessionAcademie(u))
	if err != nil {
		return err
	}
	d := sessionListData{Items: items, V: v, Errs: errs}
	if policy.ChoisitAcademie(u.P) {
		d.Academies = refdata.Academies()
	}
	return render(w, r, status, sessionsPage(s.layout(r, "Jurys d'examen"), d))
}

func (s *Server) handleSessionCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	x := model.SessionExamen{Nom: v("nom"), Academie: u.P.H.Academie}
	errs := map[string]string{}
	if x.Academie == "" {
		x.Academie = v("academie")
		if _, ok := refdata.AcademieByCode(x.Academie); !ok {
			errs["academie"] = "Choisissez une académie."
		}
	}
	if x.Nom == "" {
		errs["nom"] = "Nommez la session, par exemple « session de juin 2027 »."
	}
	var err1, err2 error
	x.Debut, err1 = time.Parse("2006-01-02", v("debut"))
	x.Fin, err2 = time.Parse("2006-01-02", v("fin"))
	if err1 != nil || err2 != nil || x.Fin.Before(x.Debut) {
		errs["fin"] = "Indiquez le premier et le dernier jour de la session, le dernier après le premier."
	}
	if len(errs) > 0 {
		return s.sessionsPage(w, r, http.StatusUnprocessableEntity, r.PostForm, errs)
	}
	id, err := workflow.OuvrirSession(r.Context(), s.store, s.actor(r), x)
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Session ouverte", "Importez ses jurys.")
	http.Redirect(w, r, "/jurys/"+itoa64(id), http.StatusSeeOther)
	return nil
}

type sessionShowData struct {
	X           model.SessionExamen
	Jurys       []model.Jury // the page's juries, filtered
	Regles      map[string]model.RegleDiplome
	Dispos      int
	Repondu     int
	Resultat    *optim.Result
	Notes       []string
	Remplacants map[int64][]model.DisponibiliteJury // per jury id
	Err         string
	Problems    []string
	// Resume sums up every jury of the session; Total is the number of
	// juries the filters keep, shown JurysParPage at a time.
	Resume      model.ResumeComposition
	Query       url.Values
	Total       int
	Page, Pages int
	Diplomes    []ui.Option // the session's diplomas, for the filter
	Centres     []ui.Option // its exam centres
	// Publier asks, before publishing, to confirm the convocations with
	// their numbers (filled from Resume by sessionShow); Campagne, before
	// the availability campaign, the people it asks (Echeance: the date
	// typed).
	Publier, Campagne *confirmation
	Echeance          string
}

// JurysParPage is how many juries the session page shows at once.
const JurysParPage = 20

// Filters of the session page's juries by state.
var etatsJury = []ui.Option{{Value: "incomplet", Label: "Sièges vides"}, {Value: "alerte", Label: "Avec un avertissement"},
	{Value: "complet", Label: "Complets, sans avertissement"}, {Value: "empeche", Label: "Un membre empêché"}}

func (d sessionShowData) regle(j model.Jury) model.RegleDiplome {
	return d.Regles[typeOf(j.Specialite)]
}

// keep tells whether jury j passes the page's filters.
func (d sessionShowData) keep(j model.Jury) bool {
	q := d.Query
	if v := q.Get("diplome"); v != "" && j.Specialite != v {
		return false
	}
	if v := q.Get("centre"); v != "" && j.UAI != v {
		return false
	}
	alertes := len(j.Alertes(d.regle(j))) > 0
	switch q.Get("etat") {
	case "incomplet":
		return len(j.Membres) < j.Sieges
	case "alerte":
		return alertes
	case "complet":
		return !alertes
	case "empeche":
		return slices.ContainsFunc(j.Membres, func(m model.MembreJury) bool { return m.Statut == "empeche" })
	}
	return true
}

// sessionJurys is the session of the path with its juries.
func (s *Server) sessionJurys(r *http.Request) (model.SessionExamen, []model.Jury, error) {
	x, err := s.sessionOf(r)
	if err != nil {
		return x, nil, err
	}
	jurys, err := s.store.ListJurys(r.Context(), x.ID)
	return x, jurys, err
}

func (s *Server) sessionOf(r *http.Request) (model.SessionExamen, error) {
	id, err := pathID(r)
	if err != nil {
		return model.SessionExamen{}, err
	}
	return s.store.GetSessionExamen(r.Context(), id, sessionAcademie(currentUser(r)))
}

// handleSession is a session's page: its juries with their members,
// warnings and distances, and the next step.
func (s *Server) handleSession(w http.ResponseWriter, r *http.Request) error {
	return s.sessionShow(w, r, http.StatusOK, sessionShowData{})
}

func (s *Server) sessionShow(w http.ResponseWriter, r *http.Request, status int, d sessionShowData) error {
	x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	d.X = x
	all, err := s.store.ListJurys(r.Context(), x.ID)
	if err != nil {
		return err
	}
	regles, err := s.store.ListRegles(r.Context())
	if err != nil {
		return err
	}
	d.Regles = map[string]model.RegleDiplome{}
	for _, rg := range regles {
		d.Regles[rg.Type] = rg
	}
	d.Resume = model.ResumerComposition(all, d.regle)
	if d.Publier != nil {
		d.Publier = confirmationPublication(d.Resume, d.X.ID, d.Publier.Err)
	}
	d.Query = url.Values{}
	for _, k := range []string{"diplome", "centre", "etat"} {
		if v := r.URL.Query().Get(k); v != "" {
			d.Query.Set(k, v)
		}
	}
	seenD, seenC := map[string]bool{}, map[string]bool{}
	var kept []model.Jury
	for _, j := range all {
		if !seenD[j.Specialite] {
			seenD[j.Specialite] = true
			d.Diplomes = append(d.Diplomes, ui.Option{Value: j.Specialite, Label: refdata.LibelleDiplome(j.Specialite)})
		}
		if !seenC[j.UAI] {
			seenC[j.UAI] = true
			d.Centres = append(d.Centres, ui.Option{Value: j.UAI, Label: centreLabel(j)})
		}
		if d.keep(j) {
			kept = append(kept, j)
		}
	}
	byLabel := func(a, b ui.Option) int { return strings.Compare(model.Fold(a.Label), model.Fold(b.Label)) }
	slices.SortFunc(d.Diplomes, byLabel)
	slices.SortFunc(d.Centres, byLabel)
	d.Total = len(kept)
	d.Pages = max(1, (d.Total+JurysParPage-1)/JurysParPage)
	d.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	d.Page = min(max(d.Page, 1), d.Pages)
	d.Jurys = kept[min((d.Page-1)*JurysParPage, len(kept)):min(d.Page*JurysParPage, len(kept))]
	dispos, err := s.store.ListDisponibilites(r.Context(), x.ID)
	if err != nil {
		return err
	}
	d.Dispos = len(dispos)
	for _, dp := range dispos {
		if dp.RepondueLe != nil {
			d.Repondu++
		}
	}
	if x.Resultat != "" {
		var res struct {
			optim.Result
			Notes []string `json:"notes"`
		}
		if json.Unmarshal([]byte(x.Resultat), &res) == nil {
			d.Resultat, d.Notes = &res.Result, res.Notes
		}
	}
	if x.Etat == model.SessionComposee || x.Etat == model.SessionPubliee {
		var ids []int64
		for _, j := range d.Jurys {
			ids = append(ids, j.ID)
		}
		if d.Remplacants, err = workflow.RemplacantsJurys(r.Context(), s.store, x.ID, ids, 5); err != nil {
			return err
		}
	}
	return render(w, r, status, sessionPage(s.layout(r, x.Nom), d))
}

// handleCampagne asks the network for its availability.
func (s *Server) handleCampagne(w http.ResponseWriter, r *http.Request) error {
	x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	echeance, err := time.Parse("2006-01-02", r.PostFormValue("echeance"))
	if err != nil || !echeance.After(time.Now()) || echeance.After(x.Debut) {
		return s.sessionShow(w, r, http.StatusUnprocessableEntity, sessionShowData{Err: "Échéance : une date à venir, avant le début de la session."})
	}
	// Nobody is mailed before the division has read how many will be.
	ask := func(status int, stale string) error {
		n, err := workflow.DecompteCampagne(r.Context(), s.store, x)
		if msg, ok := userMessage(err); ok {
			return s.sessionShow(w, r, http.StatusUnprocessableEntity, sessionShowData{Err: msg})
		}
		if err != nil {
			return err
		}
		return s.sessionShow(w, r, status, sessionShowData{Echeance: echeance.Format("2006-01-02"), Campagne: &confirmation{ID: "campagne-confirmation",
			Titre: "Vérifiez avant d'envoyer", Compte: n, Err: stale, Annuler: "/jurys/" + itoa64(x.ID),
			Bouton: fmt.Sprintf("Demander leurs disponibilités à %s personne(s)", model.Milliers(n)),
			Lignes: []string{fmt.Sprintf("%s personne(s) recevront un courriel leur demandant leurs disponibilités : les CEE en mandat et les professionnels volontaires pour les jurys dont une spécialité correspond à un jury de la session.", model.Milliers(n)),
				"Elles pourront répondre, et changer leur réponse, jusqu'au " + model.Date(echeance) + " ; des relances partent avant cette date."}}})
	}
	attendu, ok := confirme(r)
	if !ok {
		return ask(http.StatusOK, "")
	}
	n, err := workflow.LancerCampagne(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, x, echeance, attendu)
	if msg, stale := decompteChange(err); stale {
		return ask(http.StatusConflict, msg)
	}
	switch {
	case errors.Is(err, store.ErrConflict):
		return s.sessionShow(w, r, http.StatusConflict, sessionShowData{Err: "Les disponibilités ont déjà été demandées."})
	case err != nil:
		msg, ok := userMessage(err)
		if !ok {
			return err
		}
		return s.sessionShow(w, r, http.StatusUnprocessableEntity, sessionShowData{Err: msg})
	}
	setFlash(w, ui.KindSuccess, "Disponibilités demandées", fmt.Sprintf("%d personne(s) reçoivent un courriel.", n))
	http.Redirect(w, r, "/jurys/"+itoa64(x.ID), http.StatusSeeOther)
	return nil
}

// handleComposition launches the optimiser as a job.
func (s *Server) handleComposition(w http.ResponseWriter, r *http.Request) error {
	x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	if err := workflow.LancerComposition(r.Context(), s.store, s.actor(r), x); err != nil {
		msg, ok := userMessage(err)
		if !ok {
			return err
		}
		return s.sessionShow(w, r, http.StatusConflict, sessionShowData{Err: msg})
	}
	setFlash(w, ui.KindInfo, "Composition lancée", "La page se met à jour quand elle est prête.")
	http.Redirect(w, r, "/jurys/"+itoa64(x.ID), http.StatusSeeOther)
	return nil
}

// handleProgression is the progress bar, polled while the job runs.
func (s *Server) handleProgression(w http.ResponseWriter, r *http.Request) error {
	x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	if x.Etat != model.SessionComposition && r.Header.Get("HX-Request") == "true" {
		// Done: reload the whole page to show the composition.
		w.Header().Set("HX-Refresh", "true")
	}
	return render(w, r, http.StatusOK, progression(x))
}

// handleVerrou locks or unlocks a member.
func (s *Server) handleVerrou(w http.ResponseWriter, r *http.Request) error {
	x, m, err := s.membreOf(r)
	if err != nil {
		return err
	}
	on := r.PostFormValue("verrou") == "1"
	if err := workflow.Verrouiller(r.Context(), s.store, m.ID, on); err != nil {
		return err
	}
	http.Redirect(w, r, "/jurys/"+itoa64(x.ID)+"#jury-"+itoa64(m.JuryID), http.StatusSeeOther)
	return nil
}

func (s *Server) membreOf(r *http.Request) (model.SessionExamen, model.MembreJury, error) {
	x, jurys, err := s.sessionJurys(r)
	if err != nil {
		return x, model.MembreJury{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("membre"), 10, 64)
	if err != nil {
		return x, model.MembreJury{}, store.ErrNotFound
	}
	m, err := s.store.GetMembre(r.Context(), id)
	if err != nil {
		return x, m, err
	}
	for _, j := range jurys {
		if j.ID == m.JuryID {
			return x, m, nil
		}
	}
	return x, m, store.ErrNotFound
}

// handleRemplacer puts another person in a member's seat, checked live
// against every hard constraint.
func (s *Server) handleRemplacer(w http.ResponseWriter, r *http.Request) error {
	x, m, err := s.membreOf(r)
	if err != nil {
		return err
	}
	if x.Etat != model.SessionComposee && x.Etat != model.SessionPubliee {
		return s.sessionShow(w, r, http.StatusConflict, sessionShowData{Err: "La composition n'est pas prête."})
	}
	pid, err := strconv.ParseInt(r.PostFormValue("personne"), 10, 64)
	if err != nil {
		return s.sessionShow(w, r, http.StatusUnprocessableEntity, sessionShowData{Err: "Choisissez la personne qui prend la place."})
	}
	d, err := s.store.GetDisponibilite(r.Context(), pid)
	if err != nil || d.SessionID != x.ID {
		return s.sessionShow(w, r, http.StatusUnprocessableEntity, sessionShowData{Err: "Cette personne n'a pas répondu pour cette session."})
	}
	problems, err := workflow.Remplacer(r.Context(), s.store, s.actor(r), x.ID, m.ID, pid)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.sessionShow(w, r, http.StatusUnprocessableEntity, sessionShowData{Err: "Remplacement impossible : rien n'a changé.", Problems: problems})
	}
	setFlash(w, ui.KindSuccess, "Membre remplacé", m.Nom+" laisse sa place à "+d.Nom+" (choix verrouillé).")
	http.Redirect(w, r, "/jurys/"+itoa64(x.ID)+"#jury-"+itoa64(m.JuryID), http.StatusSeeOther)
	return nil
}

// handlePresence records, after the exam, whether a member sat: the
// jury's arrêté then lists only those who did.
func (s *Server) handlePresence(w http.ResponseWriter, r *http.Request) error {
	x, m, err := s.membreOf(r)
	if err != nil {
		return err
	}
	if x.Etat != model.SessionPubliee {
		return s.sessionShow(w, r, http.StatusConflict, sessionShowData{Err: "La présence se note une fois la session publiée."})
	}
	present := r.PostFormValue("present") == "1"
	err = workflow.NoterPresence(r.Context(), s.store, s.actor(r), x, m, present)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/jurys/"+itoa64(x.ID)+"#jury-"+itoa64(m.JuryID), http.StatusSeeOther)
	return nil
}

// handleArreteJury is the arrêté constituting a jury: before the session
// (from the composition on) its appointed professional members, the
// prevented ones excepted; once attendance is recorded, those who sat.
func (s *Server) handleArreteJury(w http.ResponseWriter, r *http.Request) error {
	x, jurys, err := s.sessionJurys(r)
	if err != nil {
		return err
	}
	code := r.URL.Query().Get("jury")
	for _, j := range jurys {
		if j.Code != code {
			continue
		}
		attendance := false
		for _, m := range j.Membres {
			attendance = attendance || m.Present != nil
		}
		var membres []pdf.MembreArrete
		for _, m := range j.Membres {
			if attendance && (m.Present == nil || !*m.Present) {
				continue
			}
			// Before the session, every appointed member: a prevented one
			// is no longer appointed.
			if !attendance && m.Statut == "empeche" {
				continue
			}
			college, statut := "salarié", map[string]string{"propose": "proposé", "convoque": "convoqué", "confirme": "a confirmé", "empeche": "empêché"}[m.Statut]
			if m.College == model.CollegeEmployeur {
				college = "employeur"
			}
			if attendance {
				statut = "a siégé"
			}
			membres = append(membres, pdf.MembreArrete{Nom: m.Nom, College: college, Statut: statut})
		}
		var buf bytes.Buffer
		if err := pdf.ArreteJury(&buf, pdfAcademie(x.Academie), fmt.Sprintf("%d-%s", x.ID, j.Code), j.Code, refdata.LibelleDiplome(j.Specialite),
			j.Centre, demiJourneesLabel(j.DemiJournees), time.Now(), membres); err != nil {
			var ve *pdf.ValidationError
			if errors.As(err, &ve) {
				return withStatus(http.StatusBadRequest, err)
			}
			return err
		}
		if err := workflow.JournaliserExport(r.Context(), s.store, s.actor(r), workflow.Export{ObjetType: "session", ID: x.ID, Academie: x.Academie, Detail: "arrêté du jury " + j.Code}); err != nil {
			return err
		}
		return sendPDF(w, "arrete-jury-"+j.Code+".pdf", buf.Bytes())
	}
	return store.ErrNotFound
}

// handlePublication sends the convocations.
func (s *Server) handlePublication(w http.ResponseWriter, r *http.Request) error {
	x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	if x.Etat != model.SessionComposee {
		return s.sessionShow(w, r, http.StatusConflict, sessionShowData{Err: "Seule une composition proposée se publie."})
	}
	attendu, ok := confirme(r)
	if !ok {
		// Nothing is sent: the page says what publishing would do, in
		// numbers, and asks again.
		return s.sessionShow(w, r, http.StatusOK, sessionShowData{Publier: &confirmation{}})
	}
	n, err := workflow.Publier(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, x, attendu)
	if msg, stale := decompteChange(err); stale {
		return s.sessionShow(w, r, http.StatusConflict, sessionShowData{Publier: &confirmation{Err: msg}})
	}
	switch {
	case errors.Is(err, store.ErrConflict):
		return s.sessionShow(w, r, http.StatusConflict, sessionShowData{Err: "La session a changé entre-temps."})
	case err != nil:
		msg, ok := userMessage(err)
		if !ok {
			return err
		}
		return s.sessionShow(w, r, http.StatusUnprocessableEntity, sessionShowData{Err: msg})
	}
	setFlash(w, ui.KindSuccess, "Session publiée", fmt.Sprintf("%d personne(s) convoquée(s) : convocation PDF et invitations d'agenda envoyées.", n))
	http.Redirect(w, r, "/jurys/"+itoa64(x.ID), http.StatusSeeOther)
	return nil
}

// handleJurysExport is the composition in the académie's saved layout
// (/jurys/parametres), as CSV for French Excel or XLSX, for the ministry's
// exam and expense tools.
func (s *Server) handleJurysExport(w http.ResponseWriter, r *http.Request) error {
	x, jurys, err := s.sessionJurys(r)
	if err != nil {
		return err
	}
	p, err := s.store.GetParametresJurys(r.Context(), x.Academie)
	if err != nil {
		return err
	}
	header, rows := workflow.TableauComposition(x, jurys, p.Colonnes)
	format := "csv"
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		format = "xlsx"
	}
	if err := workflow.JournaliserExport(r.Context(), s.store, s.actor(r), workflow.Export{ObjetType: "session", ID: x.ID, Academie: x.Academie,
		Detail: fmt.Sprintf("%d membres de jurys (%s)", len(rows), format)}); err != nil {
		return err
	}
	name := "jurys-" + itoa64(x.ID) + "." + format
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if format == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		return export.XLSX(w, "Jurys", header, rows)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	return export.CSV(w, header, rows)
}

type parametresJurysData struct {
	P         model.ParametresJurys
	V         url.Values
	Errs      map[string]string
	Academies []refdata.Academie // for a national administrator, who chooses
}

// academieParametres is the académie whose jury settings the page shows:
// the person's own, or for an administrator the one chosen ("" until then).
func academieParametres(r *http.Request) string {
	if a := sessionAcademie(currentUser(r)); a != "" {
		return a
	}
	a := r.FormValue("academie")
	if _, ok := refdata.AcademieByCode(a); ok {
		return a
	}
	return ""
}

// handleParametresJurys shows an académie's jury settings: the expenses
// procedure of the convocations and the layout of the export.
func (s *Server) handleParametresJurys(w http.ResponseWriter, r *http.Request) error {
	d := parametresJurysData{Errs: map[string]string{}, V: url.Values{}}
	if policy.ChoisitAcademie(currentUser(r).P) {
		d.Academies = refdata.Academies()
	}
	a := academieParametres(r)
	if a != "" {
		p, err := s.store.GetParametresJurys(r.Context(), a)
		if err != nil {
			return err
		}
		d.P = p
		d.V.Set("frais", p.Frais)
		for i, c := range p.Colonnes {
			d.V.Set("pos_"+c, strconv.Itoa(i+1))
		}
	}
	return render(w, r, http.StatusOK, parametresJurysPage(s.layout(r, "Paramètres des jurys"), d))
}

func (s *Server) handleParametresJurysSave(w http.ResponseWriter, r *http.Request) error {
	r.ParseForm()
	a := academieParametres(r)
	d := parametresJurysData{V: r.PostForm, Errs: map[string]string{}}
	if policy.ChoisitAcademie(currentUser(r).P) {
		d.Academies = refdata.Academies()
	}
	if a == "" {
		d.Errs["academie"] = "Choisissez une académie."
		return render(w, r, http.StatusUnprocessableEntity, parametresJurysPage(s.layout(r, "Paramètres des jurys"), d))
	}
	p := model.ParametresJurys{Academie: a, Frais: strings.TrimSpace(r.PostFormValue("frais"))}
	// Each column has a position; empty leaves it out. Sort by position,
	// ties in the page's order.
	type pos struct {
		cle string
		n   int
	}
	var list []pos
	for _, c := range model.ColonnesExport {
		v := strings.TrimSpace(r.PostFormValue("pos_" + c.Cle))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > len(model.ColonnesExport) {
			d.Errs["pos_"+c.Cle] = fmt.Sprintf("Une position de 1 à %d, ou vide pour ne pas exporter la colonne.", len(model.ColonnesExport))
			continue
		}
		list = append(list, pos{c.Cle, n})
	}
	slices.SortStableFunc(list, func(a, b pos) int { return a.n - b.n })
	for _, l := range list {
		p.Colonnes = append(p.Colonnes, l.cle)
	}
	d.P = p
	for k, v := range p.Errors() {
		d.Errs[k] = v
	}
	if len(d.Errs) > 0 {
		return render(w, r, http.StatusUnprocessableEntity, parametresJurysPage(s.layout(r, "Paramètres des jurys"), d))
	}
	if err := workflow.EnregistrerParametresJurys(r.Context(), s.store, s.actor(r), p); err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Paramètres enregistrés", "Les prochaines convocations et exportations les suivent.")
	target := "/jurys/parametres"
	if sessionAcademie(currentUser(r)) == "" {
		target += "?academie=" + a
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// handleRegles shows the rules of each diploma; admins change them.
func (s *Server) handleRegles(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.ListRegles(r.Context())
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, reglesPage(s.layout(r, "Règles de composition"), list, policy.GereReglesNationales(currentUser(r).P), ""))
}

func (s *Server) handleRegleSave(w http.ResponseWriter, r *http.Request) error {
	num, _ := strconv.Atoi(r.PostFormValue("part_num"))
	den, _ := strconv.Atoi(r.PostFormValue("part_den"))
	rg := model.RegleDiplome{Type: strings.TrimSpace(r.PostFormValue("type")), Articles: strings.TrimSpace(r.PostFormValue("articles")),
		PartNum: num, PartDen: den, Parite: r.PostFormValue("parite") == "1", Presidence: strings.TrimSpace(r.PostFormValue("presidence"))}
	if rg.Type == "" {
		return withStatus(http.StatusBadRequest, errors.New("type de diplôme manquant"))
	}
	if err := workflow.EnregistrerRegle(r.Context(), s.store, s.actor(r), rg); err != nil {
		msg, ok := userMessage(err)
		if !ok {
			return err
		}
		list, _ := s.store.ListRegles(r.Context())
		return render(w, r, http.StatusUnprocessableEntity, reglesPage(s.layout(r, "Règles de composition"), list, true, msg))
	}
	setFlash(w, ui.KindSuccess, "Règle enregistrée", rg.Type)
	http.Redirect(w, r, "/jurys/regles", http.StatusSeeOther)
	return nil
}

type dispoData struct {
	D       model.DisponibiliteJury
	X       model.SessionExamen
	Options []ui.Option // the session's half-days
	Specs   []ui.Option // the session's specialities
	V       url.Values
	Errs    map[string]string
	Done    bool
}

// handleDispoShow is the availability form behind a campaign's link.
func (s *Server) handleDispoShow(w http.ResponseWriter, r *http.Request) error {
	d, x, err := workflow.LienDisponibilite(r.Context(), s.store, r.PathValue("jeton"), time.Now())
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	data, err := s.dispoData(r, d, x)
	if err != nil {
		return err
	}
	data.V = url.Values{"demi_journees": d.DemiJournees, "specialites": d.Specialites, "max_demi_journees": {strconv.Itoa(d.MaxDemiJournees)},
		"max_km": {strconv.Itoa(d.MaxKm)}, "liens": {strings.Join(d.Liens, ", ")}}
	if d.ProfessionnelID != 0 {
		p, err := s.store.GetProfessionnel(r.Context(), d.ProfessionnelID)
		if err != nil {
			return err
		}
		data.V.Set("statut", string(p.StatutPro))
	}
	return render(w, r, http.StatusOK, dispoPage(s.layout(r, "Vos disponibilités"), data))
}

func (s *Server) dispoData(r *http.Request, d model.DisponibiliteJury, x model.SessionExamen) (dispoData, error) {
	jurys, err := s.store.ListJurys(r.Context(), x.ID)
	if err != nil {
		return dispoData{}, err
	}
	data := dispoData{D: d, X: x, Errs: map[string]string{}}
	for _, h := range workflow.DemiJourneesSession(jurys) {
		data.Options = append(data.Options, ui.Option{Value: h, Label: model.DemiJourneeLabel(h)})
	}
	seen := map[string]bool{}
	for _, j := range jurys {
		if !seen[j.Specialite] {
			seen[j.Specialite] = true
			data.Specs = append(data.Specs, ui.Option{Value: j.Specialite, Label: refdata.LibelleDiplome(j.Specialite)})
		}
	}
	return data, nil
}

func (s *Server) handleDispoSave(w http.ResponseWriter, r *http.Request) error {
	d, x, err := workflow.LienDisponibilite(r.Context(), s.store, r.PathValue("jeton"), time.Now())
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	data, err := s.dispoData(r, d, x)
	if err != nil {
		return err
	}
	r.ParseForm()
	data.V = r.PostForm
	valid := map[string]bool{}
	for _, o := range data.Options {
		valid[o.Value] = true
	}
	d.DemiJournees = nil
	for _, h := range r.PostForm["demi_journees"] {
		if valid[h] {
			d.DemiJournees = append(d.DemiJournees, h)
		}
	}
	specs := map[string]bool{}
	for _, o := range data.Specs {
		specs[o.Value] = true
	}
	d.Specialites = nil
	for _, sp := range r.PostForm["specialites"] {
		if specs[sp] {
			d.Specialites = append(d.Specialites, sp)
		}
	}
	if len(d.DemiJournees) > 0 && len(d.Specialites) == 0 {
		data.Errs["specialites"] = "Cochez au moins une spécialité que vous pouvez évaluer."
	}
	var err1, err2 error
	d.MaxDemiJournees, err1 = strconv.Atoi(strings.TrimSpace(r.PostFormValue("max_demi_journees")))
	d.MaxKm, err2 = strconv.Atoi(strings.TrimSpace(r.PostFormValue("max_km")))
	if err1 != nil || d.MaxDemiJournees < 1 || d.MaxDemiJournees > 40 {
		data.Errs["max_demi_journees"] = "Un nombre de demi-journées de 1 à 40."
	}
	if err2 != nil || d.MaxKm < 1 || d.MaxKm > 500 {
		data.Errs["max_km"] = "Une distance de 1 à 500 km."
	}
	d.Liens = splitCodes(strings.ToUpper(r.PostFormValue("liens")))
	// A professional of the wider network gives their status here too: it
	// is their college in the juries (a CEE's is on their profile).
	statut, errStatut := model.ParseStatutPro(r.PostFormValue("statut"))
	_, given := r.PostForm["statut"]
	given = given && d.ProfessionnelID != 0
	if given && errStatut != nil {
		data.Errs["statut"] = errStatut.Error()
	}
	if len(data.Errs) > 0 {
		return render(w, r, http.StatusUnprocessableEntity, dispoPage(s.layout(r, "Vos disponibilités"), data))
	}
	var statutDonne *model.StatutPro
	if given {
		statutDonne = &statut
	}
	err = workflow.RepondreDisponibilite(r.Context(), s.store, d, statutDonne)

	if err != nil {
		return err
	}
	data.D, data.Done = d, true
	return render(w, r, http.StatusOK, dispoPage(s.layout(r, "Merci"), data))
}

// handleConvocationShow is the page behind a convocation's link.
// It says what the link confirms or declines, jury by jury, before the
// click.
func (s *Server) handleConvocationShow(w http.ResponseWriter, r *http.Request) error {
	c, err := workflow.LienConvocation(r.Context(), s.store, r.PathValue("jeton"), time.Now())
	if err != nil {
		return s.convocationUtilisee(w, r, err)
	}
	return render(w, r, http.StatusOK, convocationPage(s.layout(r, "Votre convocation"), r.URL.Path, c, ui.AlertParams{}))
}

func (s *Server) handleConvocation(w http.ResponseWriter, r *http.Request) error {
	c, err := workflow.LienConvocation(r.Context(), s.store, r.PathValue("jeton"), time.Now())
	if err != nil {
		return s.convocationUtilisee(w, r, err)
	}
	confirme, nom, err := workflow.RepondreConvocation(r.Context(), s.store, s.cfg.BaseURL, r.PathValue("jeton"), time.Now())
	if err != nil {
		return s.convocationUtilisee(w, r, err)
	}
	c.Nom, c.Confirme = nom, confirme
	return render(w, r, http.StatusOK, convocationPage(s.layout(r, "Votre convocation"), "", c, reponseConvocation(c)))
}

// reponseConvocation says what an answer to a convocation did.
func reponseConvocation(c workflow.Convocation) ui.AlertParams {
	msg := "Merci " + c.Nom + " : votre présence est confirmée pour " + jurysCites(c.Jurys) + "."
	if !c.Confirme {
		msg = "C'est noté : vous êtes empêché(e) pour " + jurysCites(c.Jurys) + ". La division des examens cherche un remplaçant. Merci de l'avoir signalé."
	}
	return ui.AlertParams{Kind: ui.KindSuccess, Title: "Réponse enregistrée", Message: msg}
}

// convocationUtilisee answers a convocation link that no longer works
// (err): when it was used already, 410 with what was answered and when
// (the person who taps « Je confirme » again from their mail learns it is
// recorded), never the login link's message; otherwise the invalid link
// page.
func (s *Server) convocationUtilisee(w http.ResponseWriter, r *http.Request, err error) error {
	if !errors.Is(err, store.ErrJetonInvalide) {
		return err
	}
	c, le, uerr := workflow.LienConvocationUtilise(r.Context(), s.store, r.PathValue("jeton"))
	if uerr != nil {
		return s.invalidLink(w, r, err)
	}
	quoi := "la " + c.Session.Nom
	if len(c.Jurys) > 0 {
		quoi = jurysCites(c.Jurys) + " de la " + c.Session.Nom
	}
	msg := "Vous avez déjà confirmé votre présence pour " + quoi + ", le " + model.DateHeure(le) + " : rien d'autre à faire."
	if !c.Confirme {
		msg = "Vous avez déjà signalé être empêché(e) pour " + quoi + ", le " + model.DateHeure(le) + " : la division des examens cherche un remplaçant."
	}
	return render(w, r, http.StatusGone, convocationPage(s.layout(r, "Votre convocation"), "", c,
		ui.AlertParams{Kind: ui.KindInfo, Title: "Réponse déjà enregistrée", Message: msg}))
}

// handleConvocationReponse is a CEE's answer to their convocation from
// their home, in one tap: confirm, or say they are prevented (every seat
// of theirs in the session, as the mail's links do). Someone else's
// convocation is 404.
func (s *Server) handleConvocationReponse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := workflow.RepondreConvocationConseiller(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, id, r.PostFormValue("reponse") == "confirmer")
	if err != nil {
		return err
	}
	a := reponseConvocation(c)
	setFlash(w, a.Kind, a.Title, a.Message)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// jurysCites names juries in a sentence: « le jury J1 (CAP Boulanger) ».
func jurysCites(list []model.Jury) string {
	var out []string
	for _, j := range list {
		out = append(out, j.Code+" ("+refdata.LibelleDiplome(j.Specialite)+")")
	}
	if len(out) == 1 {
		return "le jury " + out[0]
	}
	return "les jurys " + strings.Join(out, ", ")
}

func juryTable(j model.Jury, rempl []model.DisponibiliteJury, publiee bool) ui.TableParams {
	t := ui.TableParams{Caption: "Membres du jury " + j.Code, CaptionHidden: true, Bordered: true,
		Headers: []string{"Membre", "Collège", "Distance", "Statut", "Actions"}, Empty: "Aucun membre."}
	for _, m := range j.Membres {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: m.Nom}, {Text: model.CollegeLabel(m.College, m.StatutConnu)}, {Text: fmt.Sprintf("%.0f km", m.DistanceKm), Numeric: true},
			{Text: statutMembre(m)}, {Content: membreActions(j, m, rempl, publiee)}})
	}
	return t
}

func statutMembre(m model.MembreJury) string {
	s := model.StatutMembreLabel(m.Statut)
	if m.Verrou {
		s += " (verrouillé)"
	}
	if m.Present != nil {
		if *m.Present {
			s += ", a siégé"
		} else {
			s += ", absent"
		}
	}
	return s
}

func remplacantOptions(list []model.DisponibiliteJury) []ui.Option {
	var out []ui.Option
	for _, d := range list {
		out = append(out, ui.Option{Value: itoa64(d.ID), Label: d.Nom + " — " + model.CollegeLabel(d.College, d.StatutConnu)})
	}
	return out
}

// typeOf is the kind of diploma of a speciality (its rule's key).
func typeOf(code string) string {
	if d, ok := refdata.DiplomeByCode(code); ok {
		return d.Type
	}
	return ""
}

// unfilledOf says why seats of a jury stayed empty, from the optimiser,
// in words (diplomas and half-days named, not coded).
func unfilledOf(d sessionShowData, j model.Jury) []string {
	if d.Resultat == nil {
		return nil
	}
	var out []string
	for _, u := range d.Resultat.Unfilled {
		if u.Jury == "J"+itoa64(j.ID) {
			out = append(out, fmt.Sprintf("%d siège(s) vide(s) : %s", u.Missing, lisible(u.Reason)))
		}
	}
	return out
}

var (
	codeDiplome     = regexp.MustCompile(`\b[0-9]{8}\b`)
	codeDemiJournee = regexp.MustCompile(`\b[0-9]{4}-[0-9]{2}-[0-9]{2}(AM|PM)\b`)
)

// lisible replaces the codes of the optimiser's and the checker's messages
// (« 40023304 », « 2027-06-16AM ») by what the exam division reads:
// the diploma's name, « mardi 16 juin 2027, matin ».
func lisible(s string) string {
	s = codeDemiJournee.ReplaceAllStringFunc(s, model.DemiJourneeLabel)
	return codeDiplome.ReplaceAllStringFunc(s, func(c string) string {
		if _, ok := refdata.DiplomeByCode(c); ok {
			return "« " + refdata.LibelleDiplome(c) + " »"
		}
		return c
	})
}

// resumeSieges says how the session's seats stand, in words.
func resumeSieges(r model.ResumeComposition) string {
	s := fmt.Sprintf("%s siège(s) de professionnel pourvu(s) sur %s", model.Milliers(r.Pourvus), model.Milliers(r.Sieges))
	if r.Vides > 0 {
		s += fmt.Sprintf(" : %s vide(s), dans %s jury(s)", model.Milliers(r.Vides), model.Milliers(r.JurysIncomplets))
	} else {
		s += " : aucun siège vide"
	}
	return s + "."
}

// confirmationPublication is what publishing a composition does, in
// numbers: the convocations that leave, the seats left empty.
func confirmationPublication(r model.ResumeComposition, session int64, stale string) *confirmation {
	c := &confirmation{ID: "confirmer-publication", Titre: "Vérifiez avant de publier", Compte: r.Personnes, Err: stale, Annuler: "/jurys/" + itoa64(session),
		Bouton: "Publier et convoquer " + model.Milliers(r.Personnes) + " personne(s)"}
	if r.ASurveiller() {
		c.Titre = "Publier malgré les sièges vides ou les avertissements ?"
	}
	convocations := fmt.Sprintf("%s convocation(s) partiront, une par personne siégeant", model.Milliers(r.Personnes))
	if r.Vides > 0 {
		convocations += fmt.Sprintf(" ; %s siège(s) restent vides, dans %s jury(s) : ils pourront être pourvus ensuite par remplacement.", model.Milliers(r.Vides), model.Milliers(r.JurysIncomplets))
	} else {
		convocations += " ; aucun siège ne reste vide."
	}
	c.Lignes = []string{convocations, resumeSieges(r) + " " + resumeAlertes(r),
		"Chaque personne reçoit par courriel sa convocation en PDF et une invitation d'agenda par demi-journée. Une convocation envoyée ne se reprend pas."}
	return c
}

// resumeAlertes says how many juries have a rule's warning.
func resumeAlertes(r model.ResumeComposition) string {
	if r.JurysAlertes == 0 {
		return "Aucun jury n'a d'avertissement."
	}
	return fmt.Sprintf("%s jury(s) sur %s ont un avertissement (siège vide, part de professionnels ou équilibre des collèges).",
		model.Milliers(r.JurysAlertes), model.Milliers(r.Jurys))
}

// compositionResume says what the composition costs and how far from the
// best possible it may be, without the optimiser's words: the cost counts
// kilometres, empty seats and missing employers or employees, and no
// composition can cost less than the bound the optimiser proves.
func compositionResume(d sessionShowData) []string {
	r := d.Resultat
	out := []string{fmt.Sprintf("Trajets : %s km au total entre le domicile des membres et leur centre d'examen, %s km au plus pour un membre.",
		model.Milliers(int(r.Stats.TotalKm+0.5)), model.Milliers(int(r.Stats.MaxKm+0.5)))}
	// GapBound is relative to the bound, hence a true « au plus ».
	if g, ok := r.GapBound(); ok && r.Objective > 0 {
		ecart := 100 * g
		out = append(out, fmt.Sprintf("Qualité : cette composition est au plus à %s %% de la meilleure possible, en comptant 1 point par kilomètre, "+
			"1 000 points par siège vide et 50 par employeur ou salarié manquant (%s points ici, aucune composition ne peut descendre sous %s).",
			strings.Replace(strconv.FormatFloat(ecart, 'f', 1, 64), ".", ",", 1), model.Milliers(int(r.Objective+0.5)), model.Milliers(int(r.LowerBound))))
	}
	if r.Timings == nil {
		return out
	}
	return append(out, fmt.Sprintf("Calculée en %s s.", strings.Replace(strconv.FormatFloat(r.Timings.Seconds, 'f', 1, 64), ".", ",", 1)))
}

// centreLabel names an exam centre with its commune.
func centreLabel(j model.Jury) string {
	if j.Adresse == "" {
		return j.Centre
	}
	return j.Centre + " — " + j.Adresse
}
