package web

import (
	"net/http"
	"sort"
	"strconv"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/web/ui"
)

// academieCount is one row of the home page's table.
type academieCount struct {
	Code, Nom, Region string
	Etablissements    int
}

type homeData struct {
	Academies []academieCount
	Total     int
	User      *user
	Links     []homeLink
	// Sections are the person's work, most urgent first; the network's
	// presentation and the académies' table are for the public home only.
	Sections []homeSection
	Action   *homeLink // the role's first gesture (« Nouvelle demande »)
}

// homeSection is one block of work of a signed-in person's home: a few
// lines, and the total of the list Href opens (read through the same
// filter, so that « 3 » leads to three lines).
type homeSection struct {
	ID    string // the heading's anchor
	Title string
	N     int    // total of the list at Href; lines shown when there is no Href
	Href  string // « Tout voir »; "" when Items are the whole list
	Empty string // said when there is nothing
	Items []homeItem
}

// homeItem is one line of a section. Sollicitation > 0 gives the CEE's
// one-tap answer (Accepter: accept needs no date to choose); Convocation
// > 0 (their disponibilité) confirms or declines a jury convocation;
// Inscription > 0 registers them for an event, or declines it.
type homeItem struct {
	Title, Href, Detail string
	Etat                string // a state, shown as a badge
	Sollicitation       int64
	Accepter            bool
	Convocation         int64
	Inscription         int64
}

// homeLink is a shortcut of the signed-in person's home page.
type homeLink struct{ Title, Text, Href string }

// homeLinks are the shortcuts of the active role, as far as its pages exist.
func homeLinks(u *user) []homeLink {
	var out []homeLink
	if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResConseillers}) {
		out = append(out, homeLink{"Annuaire des conseillers", "Trouver un conseiller par nom, métier, secteur ou commune.", "/conseillers"})
	}
	if policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResDesignations}) {
		out = append(out, homeLink{"Proposer un conseiller", "Proposer un candidat au recteur, avec sa mission.", "/conseillers/proposer"})
	}
	if policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResComptes}) {
		out = append(out, homeLink{"Organisations", "Les organisations professionnelles qui proposent les conseillers.", "/organisations"})
		out = append(out, homeLink{"Conventions", "Les conventions avec les organisations (D.331-66) et leurs échéances.", "/conventions"})
		out = append(out, homeLink{"Importer un registre", "Reprendre le tableur des conseillers de l'académie.", "/import/conseillers"})
		out = append(out, homeLink{"Échéances des mandats", "Les mandats finissant dans les 90 jours, et leur renouvellement.", "/mandats"})
	}
	if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResServiceReseau}) {
		out = append(out, homeLink{"Service de nos conseillers", "Actions, jurys d'examen et événements du réseau de vos conseillers, par année.", "/reseau/service"})
	}
	if policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResServiceReseau}) {
		out = append(out, homeLink{"Proposer par fichier", "Proposer plusieurs candidats d'un coup, avec un tableur (CSV ou XLSX).", "/reseau/propositions"})
		out = append(out, homeLink{"Nos référents", "Les référents de votre organisation : inviter, retirer.", "/reseau/referents"})
	}
	if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResProfessionnels}) {
		out = append(out, homeLink{"Réseau de professionnels", "Les professionnels qui ont accepté d'être sollicités.", "/professionnels"})
	}
	if _, ok := policy.TeteReseauDe(u.P); ok {
		out = append(out, homeLink{"Conventions de notre réseau", "Les conventions des organisations de votre réseau avec chaque académie, leurs objectifs et ce que leurs conseillers ont réalisé.", "/mes-conventions"})
	}
	if _, ok := policy.OrganisationDe(u.P); ok {
		out = append(out, homeLink{"Conventions de mon organisation", "Vos conventions avec l'académie, leurs objectifs et ce que vos conseillers ont réalisé.", "/mes-conventions"})
	}
	if id, ok := policy.ConseillerDe(u.P); ok {
		out = append(out, homeLink{"Ma fiche", "Votre profil et votre désignation.", "/conseillers/" + itoa64(id)})
	}
	if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResComptes}) {
		out = append(out, homeLink{"Comptes", "Les personnes de votre périmètre et leurs rôles.", "/comptes"})
	}
	if policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResComptes}) {
		out = append(out, homeLink{"Inviter", "Ouvrir l'accès à une personne, ou à plusieurs par fichier.", "/comptes/inviter"})
	}
	if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResJournal}) {
		out = append(out, homeLink{"Journal des accès", "Qui a consulté ou modifié quoi, et quand.", "/journal"})
	}
	if policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResComptes}) {
		out = append(out, homeLink{"Demandes d'effacement", "Les personnes qui demandent l'effacement de leurs données (RGPD).", "/effacements"})
	}
	if uai, ok := policy.EtablissementDe(u.P); ok {
		out = append(out, homeLink{"Mon établissement", "La fiche de l'établissement.", "/etablissements/" + uai},
			homeLink{"Équipe", "Les personnes de l'établissement qui ont accès au service.", "/etablissements/" + uai + "/equipe"})
	}
	return append(out, homeLink{"Mon compte", "Vos rôles, votre mot de passe, vos sessions.", "/compte"})
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	var d homeData
	if u := currentUser(r); signedIn(u) {
		d.User, d.Links = u, homeLinks(u)
		if err := s.homeTasks(r, u, &d); err != nil {
			return err
		}
		return render(w, r, http.StatusOK, homePage(s.layout(r, "Accueil"), d))
	}
	counts, err := s.store.CountEtablissementsByAcademie(r.Context())
	if err != nil {
		return err
	}
	for _, a := range refdata.Academies() {
		if n := counts[a.Code]; n > 0 {
			d.Academies = append(d.Academies, academieCount{Code: a.Code, Nom: a.Nom, Region: a.RegionAcademique, Etablissements: n})
			d.Total += n
		}
	}
	sort.SliceStable(d.Academies, func(i, j int) bool { return d.Academies[i].Nom < d.Academies[j].Nom })
	return render(w, r, http.StatusOK, homePage(s.layout(r, "Accueil"), d))
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) error {
	switch r.URL.Path {
	case "/accessibilite":
		return render(w, r, http.StatusOK, ui.AccessibilitePage(s.layout(r, "Déclaration d'accessibilité"), s.cfg.ContactAccessibilite))
	case "/mentions-legales":
		return render(w, r, http.StatusOK, ui.MentionsLegalesPage(s.layout(r, "Mentions légales")))
	}
	return s.handleDonneesPersonnelles(w, r)
}

func (s *Server) handleGallery(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, ui.GalleryPage(s.layout(r, "Composants DSFR")))
}

func homeTable(d homeData) ui.TableParams {
	t := ui.TableParams{Caption: "Nombre d'établissements par académie", CaptionHidden: true, Headers: []string{"Académie", "Région académique", "Établissements"}, Bordered: true}
	for _, a := range d.Academies {
		t.Rows = append(t.Rows, []ui.TableCell{
			{Text: a.Nom, Href: "/etablissements?academie=" + a.Code},
			{Text: a.Region},
			{Text: strconv.Itoa(a.Etablissements), Numeric: true},
		})
	}
	return t
}
