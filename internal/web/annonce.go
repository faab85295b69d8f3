package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// annonceFilter: managers see their territory's announcements, everyone
// else those sent to their address.
func annonceFilter(u *user) store.AnnonceFilter {
	f := store.AnnonceFilter{Scope: animationScope(u), Gestion: animateur(u), Email: u.Compte.Email, ConseillerID: conseillerIDOf(u)}
	if id, ok := policy.ProfessionnelDe(u.P); ok {
		f.ProfessionnelID = id
	}
	return f
}

type annonceListData struct {
	Items     []model.Annonce
	Animateur bool
}

func (s *Server) handleAnnonceList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	items, err := s.store.ListAnnonces(r.Context(), annonceFilter(u))
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, annonceListPage(s.layout(r, "Annonces"), annonceListData{Items: items, Animateur: animateur(u)}))
}

type annonceForm struct {
	V        url.Values
	Errs     map[string]string
	Segments []model.Segment
	// Confirmation, once the form is valid: who will receive it.
	Confirmation *confirmation
}

func (s *Server) annonceFormPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string, c *confirmation) error {
	segs, err := s.store.ListSegments(r.Context(), animationScope(currentUser(r)))
	if err != nil {
		return err
	}
	return render(w, r, status, annonceFormPage(s.layout(r, "Nouvelle annonce"), annonceForm{V: v, Errs: errs, Segments: segs, Confirmation: c}))
}

func (s *Server) handleAnnonceForm(w http.ResponseWriter, r *http.Request) error {
	return s.annonceFormPage(w, r, http.StatusOK, url.Values{}, map[string]string{}, nil)
}

func (s *Server) handleAnnonceCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	v := r.PostForm
	an := model.Annonce{Titre: strings.TrimSpace(v.Get("titre")), Corps: strings.TrimSpace(v.Get("corps")), Obligatoire: v.Get("obligatoire") != "",
		Academie: u.P.H.Academie}
	errs := an.Errors()
	segID, _ := strconv.ParseInt(v.Get("segment"), 10, 64)
	sg, err := s.store.GetSegment(r.Context(), segID, animationScope(u))
	if errors.Is(err, store.ErrNotFound) {
		errs["segment"] = "Choisissez le segment destinataire."
	} else if err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.annonceFormPage(w, r, http.StatusUnprocessableEntity, v, errs, nil)
	}
	an.SegmentID = sg.ID
	if id, ok := policy.OrganisationDe(u.P); ok {
		an.OrganisationID = id
	}
	criteres := sg.Criteres.Borner(animationScope(u))
	// Nothing leaves before the person has read how many will receive it.
	ask := func(status int, stale string) error {
		d, err := workflow.DecompteAnnonce(r.Context(), s.store, criteres, an.Obligatoire)
		if err != nil {
			return err
		}
		c := &confirmation{ID: "annonce-confirmation", Titre: "Vérifiez avant d'envoyer", Compte: d.Recevront, Err: stale, Annuler: "/animation/annonces",
			Bouton: fmt.Sprintf("Envoyer à %s personne(s)", model.Milliers(d.Recevront)),
			Lignes: []string{fmt.Sprintf("%s personne(s) du segment « %s » recevront ce message par courriel.", model.Milliers(d.Recevront), sg.Nom)}}
		if d.Desinscrits > 0 {
			c.Lignes = append(c.Lignes, fmt.Sprintf("%s personne(s) du segment, désinscrite(s) des annonces facultatives, ne le recevront pas.", model.Milliers(d.Desinscrits)))
		}
		c.Lignes = append(c.Lignes, "Un courriel envoyé ne se rattrape pas : relisez l'objet et le message ci-dessus.")
		return s.annonceFormPage(w, r, status, v, errs, c)
	}
	n, ok := confirme(r)
	if !ok {
		return ask(http.StatusOK, "")
	}
	id, err := workflow.EnvoyerAnnonce(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, an, criteres, n)
	if msg, stale := decompteChange(err); stale {
		return ask(http.StatusConflict, msg)
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Annonce enregistrée", "Les courriels partent en arrière-plan : rechargez cette page pour suivre l'envoi.")
	http.Redirect(w, r, "/animation/annonces/"+itoa64(id), http.StatusSeeOther)
	return nil
}

type annonceShowData struct {
	A         model.Annonce
	Animateur bool
	Envois    []model.Envoi
}

func (s *Server) handleAnnonceShow(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.store.GetAnnonce(r.Context(), id, annonceFilter(u))
	if err != nil {
		return err
	}
	d := annonceShowData{A: a, Animateur: animateur(u)}
	if d.Animateur {
		if d.Envois, err = s.store.ListEnvois(r.Context(), a.ID); err != nil {
			return err
		}
	}
	return render(w, r, http.StatusOK, annonceShowPage(s.layout(r, a.Titre), d))
}

type desinscriptionData struct {
	Action string
	Done   bool
}

func (s *Server) handleDesinscriptionShow(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.EmailOfDesinscription(r.Context(), auth.HashToken(r.PathValue("jeton"))); err != nil {
		return s.invalidLink(w, r, err)
	}
	return render(w, r, http.StatusOK, desinscriptionPage(s.layout(r, "Ne plus recevoir les annonces"), desinscriptionData{Action: r.URL.Path}))
}

func (s *Server) handleDesinscription(w http.ResponseWriter, r *http.Request) error {
	if _, err := workflow.Desinscrire(r.Context(), s.store, r.PathValue("jeton")); err != nil {
		return s.invalidLink(w, r, err)
	}
	return render(w, r, http.StatusOK, desinscriptionPage(s.layout(r, "Ne plus recevoir les annonces"), desinscriptionData{Done: true}))
}

func annonceSegmentSelect(list []model.Segment, v, errMsg string) ui.SelectParams {
	p := segmentSelect(list, v)
	p.ID, p.Label, p.Error = "annonce-segment", "Destinataires", errMsg
	return p
}

func annonceTable(d annonceListData) ui.TableParams {
	t := ui.TableParams{ID: "annonces", Caption: "Annonces", CaptionHidden: true, Headers: []string{"Date", "Objet", "Émetteur"},
		Empty: "Aucune annonce."}
	if d.Animateur {
		t.Headers = append(t.Headers, "Envoyés", "En file", "Désinscrits")
	}
	for _, a := range d.Items {
		row := []ui.TableCell{{Text: model.Date(a.CreatedAt)}, {Text: a.Titre, Href: "/animation/annonces/" + itoa64(a.ID)}, {Text: a.Auteur}}
		if d.Animateur {
			row = append(row, ui.TableCell{Text: strconv.Itoa(a.Envoyes), Numeric: true}, ui.TableCell{Text: strconv.Itoa(a.EnFile), Numeric: true},
				ui.TableCell{Text: strconv.Itoa(a.Desinscrits), Numeric: true})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func envoiTable(a model.Annonce, list []model.Envoi) ui.TableParams {
	t := ui.TableParams{ID: "envois", Caption: "Envoi par destinataire", Headers: []string{"Nom", "Courriel", "État", "Envoyé le"},
		Empty: "Aucun destinataire."}
	if a.Destinataires < 0 {
		t.Empty = "Liste des destinataires en préparation."
	}
	for _, e := range list {
		le := ""
		if e.EnvoyeLe != nil {
			le = model.DateHeure(*e.EnvoyeLe)
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: e.Nom}, {Text: e.Email}, {Text: e.Etat.Label()}, {Text: le}})
	}
	return t
}

func progressionAnnonce(a model.Annonce) string {
	if a.Destinataires < 0 {
		return "Préparation de l'envoi : liste des destinataires en cours. Rechargez la page dans quelques instants."
	}
	// People who opted out get no mail; the others are listed in batches,
	// so some may not have a delivery yet.
	total := max(a.Destinataires-a.Desinscrits, a.Envoyes+a.EnFile)
	if total == 0 {
		return "Aucun courriel à envoyer."
	}
	return fmt.Sprintf("%d sur %d courriel(s) envoyé(s) (%d %%)", a.Envoyes, total, a.Envoyes*100/total)
}
