package web

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"

	"github.com/a-h/templ"
)

type mailListData struct {
	Mails       []store.Mail
	Total, Page int
	Pages       int
}

func (s *Server) handleMailList(w http.ResponseWriter, r *http.Request) error {
	page := 1
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return withStatus(http.StatusBadRequest, fmt.Errorf("numéro de page %q invalide", p))
		}
		page = n
	}
	mails, total, err := s.store.ListMails(r.Context(), pageSize, (page-1)*pageSize)
	if err != nil {
		return err
	}
	d := mailListData{Mails: mails, Total: total, Page: page, Pages: max(1, (total+pageSize-1)/pageSize)}
	return render(w, r, http.StatusOK, mailListPage(s.layout(r, "Boîte aux lettres de démonstration"), d))
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, withStatus(http.StatusNotFound, fmt.Errorf("identifiant %q invalide", r.PathValue("id")))
	}
	return id, nil
}

func (s *Server) handleMailShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.store.GetMail(r.Context(), id)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, mailShowPage(s.layout(r, m.Subject), m))
}

// handleMailHTML serves a message's HTML part alone, sandboxed: it is
// shown as the recipient's mail client would, without scripts and without
// access to the application's origin.
func (s *Server) handleMailHTML(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.store.GetMail(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err = w.Write([]byte(m.HTML))
	return err
}

// handleMailAttachment serves attachment n (from 1) of a message as a
// download with its content type. It is never shown inline: an attachment
// named .html would otherwise run in the application's origin.
func (s *Server) handleMailAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return withStatus(http.StatusNotFound, fmt.Errorf("pièce jointe %q invalide", r.PathValue("n")))
	}
	m, err := s.store.GetMail(r.Context(), id)
	if err != nil {
		return err
	}
	if n > len(m.Attachments) {
		return withStatus(http.StatusNotFound, fmt.Errorf("le courriel %d n'a pas de pièce jointe n° %d", id, n))
	}
	a := m.Attachments[n-1]
	ct := a.ContentType
	if _, _, err := mime.ParseMediaType(ct); err != nil {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	h.Set("Content-Length", strconv.Itoa(len(a.Data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; frame-ancestors 'none'")
	_, err = w.Write(a.Data)
	return err
}

// mailAttachmentURL is the download link of attachment i (from 0).
func mailAttachmentURL(id int64, i int) string {
	return "/dev/courriels/" + strconv.FormatInt(id, 10) + "/pieces/" + strconv.Itoa(i+1)
}

// attachmentDetail describes an attachment the DSFR way, type and size:
// « text/calendar – 1,2 ko ».
func attachmentDetail(a store.MailAttachment) string {
	mt, _, err := mime.ParseMediaType(a.ContentType)
	if err != nil {
		mt = a.ContentType
	}
	return mt + " – " + tailleFichier(len(a.Data))
}

// tailleFichier writes a size in French units, by powers of 1 024 like
// mail.MaxAttachmentsSize: « 532 octets », « 1,2 ko », « 3,4 Mo ».
func tailleFichier(n int) string {
	decimal := func(v float64, unit string) string {
		s := strconv.FormatFloat(v, 'f', 1, 64)
		return strings.Replace(strings.TrimSuffix(s, ".0"), ".", ",", 1) + " " + unit
	}
	switch {
	case n < 1<<10:
		return strconv.Itoa(n) + " octets"
	case n < 1<<20:
		return decimal(float64(n)/(1<<10), "ko")
	}
	return decimal(float64(n)/(1<<20), "Mo")
}

type jobListData struct {
	State string
	Jobs  []store.Job
	Flash string
}

func (s *Server) handleJobList(w http.ResponseWriter, r *http.Request) error {
	state := r.URL.Query().Get("etat")
	switch state {
	case "", store.JobPending, store.JobRunning, store.JobDone, store.JobFailed:
	default:
		return withStatus(http.StatusBadRequest, fmt.Errorf("état %q inconnu", state))
	}
	jobs, err := s.store.ListJobs(r.Context(), state, 100)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, jobListPage(s.layout(r, "Tâches"), jobListData{State: state, Jobs: jobs}))
}

func (s *Server) handleJobRetry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := workflow.RelancerTache(r.Context(), s.store, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/dev/taches?etat=pending", http.StatusSeeOther)
	return nil
}

func jobStateLabel(state string) string {
	switch state {
	case store.JobPending:
		return "En attente"
	case store.JobRunning:
		return "En cours"
	case store.JobDone:
		return "Terminée"
	case store.JobFailed:
		return "En échec"
	}
	return state
}

func jobStateKind(state string) string {
	switch state {
	case store.JobDone:
		return ui.KindSuccess
	case store.JobFailed:
		return ui.KindError
	case store.JobRunning:
		return ui.KindInfo
	}
	return ""
}

func jobFilterLabel(state string) string {
	if state == "" {
		return "Toutes"
	}
	return jobStateLabel(state)
}

func mailTable(d mailListData) ui.TableParams {
	t := ui.TableParams{Caption: "Courriels envoyés par l'application", CaptionHidden: true, Bordered: true,
		Headers: []string{"Date", "Destinataires", "Objet"}, Empty: "Aucun courriel pour l'instant."}
	for _, m := range d.Mails {
		t.Rows = append(t.Rows, []ui.TableCell{
			{Text: model.DateHeure(m.CreatedAt)},
			{Text: strings.Join(m.Recipients, ", ")},
			{Text: m.Subject, Href: "/dev/courriels/" + strconv.FormatInt(m.ID, 10)},
		})
	}
	return t
}

func jobTable(d jobListData) ui.TableParams {
	t := ui.TableParams{Caption: "Tâches les plus récentes", CaptionHidden: true, Bordered: true,
		Headers: []string{"N°", "Type", "État", "Essais", "Prochaine exécution", "Dernière erreur", "Action"},
		Empty:   "Aucune tâche dans cet état."}
	for _, j := range d.Jobs {
		var action templ.Component = templ.NopComponent
		if j.State == store.JobFailed {
			action = retryButton(j.ID)
		}
		t.Rows = append(t.Rows, []ui.TableCell{
			{Text: strconv.FormatInt(j.ID, 10), Numeric: true},
			{Text: j.Kind},
			{Content: jobStateBadge(j.State)},
			{Text: strconv.Itoa(j.Attempts) + " / " + strconv.Itoa(j.MaxAttempts), Numeric: true},
			{Text: model.DateHeure(j.RunAt)},
			{Text: j.LastError},
			{Content: action},
		})
	}
	return t
}

// handleDemoLogin lists the demonstration accounts, to log in as any of
// them in one click. The route exists in --demo and --dev only.
func (s *Server) handleDemoLogin(w http.ResponseWriter, r *http.Request) error {
	items, _, err := s.store.ListComptes(r.Context(), store.CompteFilter{Scope: model.Scope{National: true}, Limit: 100})
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, demoLoginPage(s.layout(r, "Connexion de démonstration"), items))
}

func (s *Server) handleDemoLoginAs(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cx, err := workflow.ConnexionDemo(r.Context(), s.store, s.reglesSession(), s.navigateur(r), id)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, cx.Session)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
