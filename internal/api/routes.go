package api

import (
	"net/http"

	"cee/internal/model"
	"cee/internal/policy"
)

// Route is one operation of the API: how it is served and how it is
// documented, in one place.
type Route struct {
	Method, Path string // Path after Prefix, in ServeMux syntax ({id})
	ID           string // operationId
	Tag          string
	Resume       string
	Description  string
	Params       []Param // path and query parameters (pagination added when Pagine)
	Body         any     // zero value of the request body's type; nil: no body
	Reponse      any     // zero value of the success body's type
	Statut       int     // success status; 0: 200
	Erreurs      []int   // error statuses besides those every operation of its kind may answer
	Ecriture     bool    // refused to read-only tokens
	Public       bool    // no token needed
	ETag         bool    // the success answer carries an ETag
	IfMatch      bool    // If-Match required
	Pagine       bool    // a list: limite, curseur, Link
	Acces        func(model.Principal) bool
	h            handlerFunc
}

// can is the web's gate for a route, from the one policy.
func can(kind string, a model.Action) func(model.Principal) bool {
	return func(p model.Principal) bool { return policy.Can(p, a, model.Resource{Kind: kind}) }
}

var (
	paramID  = Param{Name: "id", In: "path", Type: "integer", Required: true, Description: "Identifiant."}
	paramUAI = Param{Name: "uai", In: "path", Required: true, Description: "UAI de l'établissement (7 chiffres et une lettre)."}
	paramQ   = Param{Name: "q", In: "query", Description: "Mots cherchés, tous requis, sans tenir compte des accents ni de la casse."}
)

// table is every operation of the API.
func (s *Server) table() []Route {
	return []Route{
		{Method: "GET", Path: "/openapi.json", ID: "openapi", Tag: "Documentation", Resume: "Ce document OpenAPI 3.1",
			Public: true, Reponse: RawDocument{}, h: s.openapi},

		{Method: "GET", Path: "/conseillers", ID: "listerConseillers", Tag: "Annuaire", Resume: "Annuaire des CEE",
			Description: "Les CEE du périmètre du jeton, avec les filtres de l'annuaire web ; sans coordonnées (voir la fiche).",
			Params: []Param{paramQ,
				{Name: "academie", In: "query", Description: "Code d'académie."},
				{Name: "departement", In: "query", Description: "Code de département."},
				{Name: "naf", In: "query", Description: "Section NAF (A à U)."},
				{Name: "etat", In: "query", Description: "État de la désignation.", Enum: stringsOf(model.EtatsDesignation())},
				{Name: "organisation", In: "query", Type: "integer", Description: "Organisation qui a proposé le CEE."},
				{Name: "specialite", In: "query", Description: "Code de diplôme à 8 chiffres ou intitulé exact."},
				{Name: "famille", In: "query", Description: "Famille de métiers (code)."},
				{Name: "statut", In: "query", Description: "Statut professionnel."},
				{Name: "dispo_du", In: "query", Format: "date", Description: "Disponibles ce jour (et jusqu'à dispo_au)."},
				{Name: "dispo_au", In: "query", Format: "date", Description: "Fin de la période de disponibilité."},
				{Name: "tri", In: "query", Description: "Ordre : nom (par défaut), commune, fin, recent.", Enum: []string{"", "commune", "fin", "recent"}},
			},
			Pagine: true, Reponse: Page[ConseillerResume]{}, Acces: can(model.ResConseillers, model.ActionLire), h: s.conseillerList},
		{Method: "GET", Path: "/conseillers/{id}", ID: "lireConseiller", Tag: "Annuaire", Resume: "Fiche d'un CEE, avec ses coordonnées",
			Description: "Chaque lecture est inscrite au journal, comme sur le web.",
			Params:      []Param{paramID}, Reponse: Conseiller{}, Acces: can(model.ResConseillers, model.ActionLire), h: s.conseillerShow},
		{Method: "GET", Path: "/conseillers/{id}/interventions", ID: "listerInterventions", Tag: "Actions", Resume: "Actions d'un CEE",
			Description: "Pour ceux qui gèrent la fiche : le pilote de l'académie, le CEE lui-même.",
			Params:      []Param{paramID}, Pagine: true, Reponse: Page[Intervention]{}, Acces: can(model.ResConseillers, model.ActionGerer), h: s.interventionList},
		{Method: "GET", Path: "/professionnels", ID: "listerProfessionnels", Tag: "Annuaire", Resume: "Professionnels du réseau",
			Description: "Ceux qui ont donné leur accord, dans le périmètre du jeton ; pour un CEE, ses propres invitations.",
			Params:      []Param{paramQ}, Pagine: true, Reponse: Page[ProfessionnelResume]{}, Acces: can(model.ResProfessionnels, model.ActionLire), h: s.professionnelList},
		{Method: "GET", Path: "/professionnels/{id}", ID: "lireProfessionnel", Tag: "Annuaire", Resume: "Fiche d'un professionnel, avec ses coordonnées",
			Description: "Chaque lecture est inscrite au journal.",
			Params:      []Param{paramID}, Reponse: Professionnel{}, Acces: can(model.ResProfessionnels, model.ActionLire), h: s.professionnelShow},

		{Method: "GET", Path: "/organisations", ID: "listerOrganisations", Tag: "Référentiels", Resume: "Organisations professionnelles",
			Pagine: true, Reponse: Page[Organisation]{}, Acces: can(model.ResComptes, model.ActionGerer), h: s.organisationList},
		{Method: "GET", Path: "/organisations/{id}", ID: "lireOrganisation", Tag: "Référentiels", Resume: "Une organisation",
			Params: []Param{paramID}, Reponse: Organisation{}, Acces: can(model.ResComptes, model.ActionGerer), h: s.organisationShow},
		{Method: "GET", Path: "/etablissements", ID: "listerEtablissements", Tag: "Référentiels", Resume: "Établissements",
			Description: "Données publiques de l'Annuaire de l'éducation.",
			Params: []Param{{Name: "q", In: "query", Description: "Partie du nom ou de la commune."},
				{Name: "academie", In: "query", Description: "Code d'académie."},
				{Name: "departement", In: "query", Description: "Code de département."},
				{Name: "type", In: "query", Enum: stringsOf(typesEtablissement), Description: "Type d'établissement."}},
			Pagine: true, Reponse: Page[Etablissement]{}, h: s.etablissementList},
		{Method: "GET", Path: "/etablissements/{uai}", ID: "lireEtablissement", Tag: "Référentiels", Resume: "Un établissement",
			Params: []Param{paramUAI}, Reponse: Etablissement{}, h: s.etablissementShow},

		{Method: "GET", Path: "/demandes", ID: "listerDemandes", Tag: "Demandes", Resume: "Demandes",
			Description: "Celles que le rôle du jeton voit sur le web : l'académie pour un pilote, l'établissement pour son personnel, les demandes pour lesquelles un CEE a été sollicité, sinon celles que le compte a écrites. Les brouillons ne sont vus que de leur auteur.",
			Params: []Param{{Name: "etat", In: "query", Enum: stringsOf(model.EtatsDemande()), Description: "État ; répétable."},
				{Name: "type", In: "query", Enum: stringsOf(model.TypesDemande()), Description: "Type de demande."}},
			Pagine: true, Reponse: Page[Demande]{}, Acces: can(model.ResDemandes, model.ActionLire), h: s.demandeList},
		{Method: "POST", Path: "/demandes", ID: "creerDemande", Tag: "Demandes", Resume: "Créer une demande",
			Description: "Un brouillon, ou une demande envoyée aussitôt avec « soumettre ». Les mêmes contrôles que le formulaire web.",
			Body:        DemandeSaisie{}, Statut: http.StatusCreated, Reponse: Demande{}, ETag: true, Ecriture: true,
			Acces: can(model.ResDemandes, model.ActionGerer), h: s.demandeCreate},
		{Method: "GET", Path: "/demandes/{id}", ID: "lireDemande", Tag: "Demandes", Resume: "Une demande",
			Params: []Param{paramID}, Reponse: Demande{}, ETag: true, Acces: can(model.ResDemandes, model.ActionLire), h: s.demandeShow},
		{Method: "POST", Path: "/demandes/{id}/transitions", ID: "changerEtatDemande", Tag: "Demandes", Resume: "Changer l'état d'une demande",
			Description: "Valider, annuler (avec un motif), relancer (avec une échéance), déclarer réalisée… selon l'état et le rôle, comme sur le web. Exige If-Match : une version périmée reçoit 412 et rien n'est modifié.",
			Params:      []Param{paramID}, Body: Transition{}, Reponse: Demande{}, ETag: true, IfMatch: true, Ecriture: true, Erreurs: []int{http.StatusConflict},
			Acces: can(model.ResDemandes, model.ActionGerer), h: s.demandeTransition},

		{Method: "GET", Path: "/sollicitations", ID: "listerSollicitations", Tag: "Demandes", Resume: "Sollicitations",
			Description: "Les personnes sollicitées pour les demandes du périmètre, avec leur réponse : les mêmes données et filtres que l'export web « Sollicitations » (pilote, administrateur).",
			Params: []Param{{Name: "etat", In: "query", Description: "État de la sollicitation : envoyee, acceptee, declinee, expiree, annulee."},
				{Name: "etat_demande", In: "query", Enum: stringsOf(model.EtatsDemande()), Description: "État de la demande."},
				{Name: "type", In: "query", Enum: stringsOf(model.TypesDemande()), Description: "Type de demande."},
				paramDu, paramAu},
			Pagine: true, Reponse: Page[Sollicitation]{}, Acces: can(model.ResDemandes, model.ActionExporter), h: s.sollicitationList},
		{Method: "GET", Path: "/actions", ID: "listerActions", Tag: "Actions", Resume: "Actions des CEE du périmètre",
			Description: "Les comptes rendus d'actions des CEE du périmètre du jeton (académie, organisation), les plus récentes d'abord : les mêmes données et filtres que l'export web « Actions ».",
			Params:      []Param{{Name: "type", In: "query", Enum: stringsOf(model.TypesDemande()), Description: "Type d'action."}, paramDu, paramAu},
			Pagine:      true, Reponse: Page[Action]{}, Acces: can(model.ResConseillers, model.ActionExporter), h: s.actionList},
		{Method: "GET", Path: "/journal", ID: "listerJournal", Tag: "Journal", Resume: "Journal des accès",
			Description: "Le journal de l'académie (national pour un administrateur), le plus récent d'abord, avec les filtres de la page web.",
			Params: []Param{{Name: "action", In: "query", Description: "Action journalisée (connexion, export, demande…)."},
				{Name: "qui", In: "query", Description: "Partie de l'adresse du compte qui a agi."},
				{Name: "depuis", In: "query", Format: "date", Description: "Premier jour."}},
			Pagine: true, Reponse: Page[EntreeJournal]{}, Acces: can(model.ResJournal, model.ActionExporter), h: s.journalList},

		{Method: "GET", Path: "/evenements/{id}/participants", ID: "listerParticipants", Tag: "Animation", Resume: "Participants d'un événement du réseau",
			Description: "Les personnes invitées et leur réponse, pour ceux qui animent le réseau (administrateur, pilote, référent d'organisation pour ses événements) : les données de l'export web « Participants ».",
			Params:      []Param{paramID}, Pagine: true, Reponse: Page[Participant]{}, Acces: can(model.ResDesignations, model.ActionGerer), h: s.participantList},

		{Method: "GET", Path: "/jurys", ID: "listerSessions", Tag: "Jurys", Resume: "Sessions d'examen",
			Pagine: true, Reponse: Page[SessionExamen]{}, Acces: can(model.ResJurys, model.ActionGerer), h: s.sessionList},
		{Method: "GET", Path: "/jurys/{id}", ID: "lireSession", Tag: "Jurys", Resume: "Une session, ses jurys et leurs membres",
			Params: []Param{paramID}, Reponse: SessionDetail{}, Acces: can(model.ResJurys, model.ActionGerer), h: s.sessionShow},

		{Method: "GET", Path: "/indicateurs", ID: "lireIndicateurs", Tag: "Indicateurs", Resume: "Indicateurs du tableau de bord",
			Description: "Les chiffres et les séries du tableau de bord du rôle du jeton, avec les mêmes filtres et le même périmètre que la page web ; les définitions sont sur /tableau-de-bord/definitions.",
			Params: []Param{{Name: "annee", In: "query", Type: "integer", Description: "Année de rentrée (2026 pour 2026-2027) ; l'année en cours par défaut."},
				{Name: "academie", In: "query", Description: "Code d'académie (rôles nationaux)."},
				{Name: "departement", In: "query", Description: "Code de département, dans le périmètre."},
				{Name: "organisation", In: "query", Type: "integer", Description: "Organisation qui a proposé les CEE."},
				{Name: "secteur", In: "query", Description: "Section NAF (A à U)."}},
			Reponse: Indicateurs{}, Acces: can(model.ResTableauDeBord, model.ActionLire), h: s.indicateurs},
	}
}

// RawDocument stands for the OpenAPI document in its own schema.
type RawDocument struct{}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request, _ *appel) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(s.doc)
	return err
}
