package model

import (
	"fmt"
	"time"
)

// Retention periods applied by the daily retention job (workflow.Conservation)
// and shown on the public « Données personnelles » page: one source for both.
const (
	// ConservationCEEAns: a CEE whose last mandate ended this many years ago
	// is anonymised. Five years covers a renewed six-year mandate cycle of the
	// former regime (D.335-38 [S-old]) and the attestations a former CEE may
	// still ask for, without keeping people who left the network for good.
	ConservationCEEAns = 5
	// ConservationProfessionnelAns: a professional with no activity (consent
	// given or renewed, login, answer, event, jury) for this many years is
	// anonymised, as the CNIL recommends for contact files (three years after
	// the last contact).
	ConservationProfessionnelAns = 3
	// PreavisConservationMois: the person is warned this long before, and
	// anything they do in between (a login, a renewed consent, a new
	// mandate) keeps them.
	PreavisConservationMois = 1
	// ConservationSauvegardesJours: backups are rotated after this many
	// days (docs/operations.md), so an erased person is gone from every
	// copy within it.
	ConservationSauvegardesJours = 30
)

// Conservation are the retention periods, in years, of an académie: the
// national ones unless its pilote set others (parametres).
type Conservation struct {
	CEEAns           int
	ProfessionnelAns int
}

// ConservationNationale are the national periods.
func ConservationNationale() Conservation {
	return Conservation{CEEAns: ConservationCEEAns, ProfessionnelAns: ConservationProfessionnelAns}
}

// Bounds of an académie's periods: shorter than a year would erase people
// between two school years; longer than ten (CEE) or five (professionals)
// would no longer be proportionate to the purpose (RGPD art. 5.1.e).
const (
	ConservationCEEMax           = 10
	ConservationProfessionnelMax = 5
)

// Errors lists what is wrong with the periods, by form field.
func (c Conservation) Errors() map[string]string {
	errs := map[string]string{}
	if c.CEEAns < 1 || c.CEEAns > ConservationCEEMax {
		errs["conservation_cee"] = fmt.Sprintf("Un nombre d'années de 1 à %d.", ConservationCEEMax)
	}
	if c.ProfessionnelAns < 1 || c.ProfessionnelAns > ConservationProfessionnelMax {
		errs["conservation_pro"] = fmt.Sprintf("Un nombre d'années de 1 à %d.", ConservationProfessionnelMax)
	}
	return errs
}

// FinCEE is the date before which a CEE's last mandate must have ended for
// them to be anonymised at now.
func (c Conservation) FinCEE(now time.Time) time.Time { return now.AddDate(-c.CEEAns, 0, 0) }

// FinProfessionnel is the date before which a professional's last activity
// must lie for them to be anonymised at now.
func (c Conservation) FinProfessionnel(now time.Time) time.Time {
	return now.AddDate(-c.ProfessionnelAns, 0, 0)
}

// Traitement is one processing of personal data, as article 30 of the GDPR
// (record of processing activities) and articles 13 and 14 (information of
// the people) describe it. The public « Données personnelles » page renders
// Traitements(); nothing else describes them.
type Traitement struct {
	Code          string
	Nom           string
	Personnes     string   // whose data
	Donnees       []string // categories of data
	Finalite      string
	BaseLegale    string
	Textes        []string // the legal texts the basis rests on
	Conservation  string
	Destinataires []string
	Droits        string // the rights and how to exercise them
}

// Droits communs: where the legal basis is the public-interest mission
// (GDPR art. 6.1.e), the right to object (art. 21) applies and the right to
// portability does not (art. 20).
const (
	droitsMission = "Accès (export de vos données depuis « Mon compte » ou par lien confirmé), rectification (votre profil, ou le pilote de l'académie), effacement (demande depuis « Mon compte » ou par lien, confirmée par le pilote), opposition pour un motif tenant à votre situation particulière, limitation (articles 15 à 18 et 21 du RGPD)."
	droitsAccord  = "Accès et portabilité (export JSON), rectification, effacement, et retrait de l'accord à tout moment, sans justification (« Mon accord » ou la page « Retirer mon accord ») : le retrait arrête aussitôt toute sollicitation (articles 7.3, 15 à 17 et 20 du RGPD)."
)

// Traitements lists every processing of personal data of the service.
func Traitements() []Traitement {
	cee := fmt.Sprintf("Pendant le mandat, puis %d ans après la fin du dernier mandat ; la personne est prévenue %d mois avant l'anonymisation.", ConservationCEEAns, PreavisConservationMois)
	pro := fmt.Sprintf("Tant que la personne est active, puis %d ans après sa dernière activité (accord donné ou renouvelé, connexion, réponse, participation) ; elle est prévenue %d mois avant l'anonymisation. Immédiatement anonymisée sur demande d'effacement.", ConservationProfessionnelAns, PreavisConservationMois)
	return []Traitement{
		{
			Code: "reseau", Nom: "Gestion du réseau des conseillers entreprises pour l'École",
			Personnes: "Conseillers entreprises pour l'École (CEE), candidats proposés, référents des organisations professionnelles.",
			Donnees: []string{"identité : civilité, nom, prénom", "coordonnées professionnelles : adresse électronique, téléphone, employeur, SIRET, commune",
				"situation professionnelle : statut, secteur (NAF), familles de métiers, spécialités, langues",
				"mandat : propositions, avis de l'inspection, arrêtés de désignation, fin de mandat et son motif",
				"service rendu : actions (comptes rendus), jurys d'examen et événements du réseau où la présence a été constatée, pour l'attestation d'engagement et le suivi par l'organisation",
				"disponibilités : jours, périodes d'indisponibilité, plafond de sollicitations"},
			Finalite:   "Proposer, désigner et suivre les CEE, animer le réseau, établir les arrêtés et attestations d'engagement.",
			BaseLegale: "Mission d'intérêt public (article 6.1.e du RGPD).",
			Textes: []string{"Code de l'éducation, article D.331-65 (mission des CEE)", "article D.331-66 (conventions avec les organisations professionnelles)",
				"article D.331-67 (désignation par le recteur sur proposition des organisations)", "décret n° 2017-960 du 10 mai 2017"},
			Conservation:  cee,
			Destinataires: []string{"le pilote académique (DAFPIC / DRAFPIC)", "le référent de l'organisation qui a proposé le CEE", "l'inspection et la division des examens de l'académie (annuaire)", "l'administration nationale (statistiques)"},
			Droits:        droitsMission,
		},
		{
			Code: "professionnels", Nom: "Réseau élargi de professionnels",
			Personnes: "Professionnels invités par un CEE à intervenir auprès des élèves.",
			Donnees: []string{"identité : civilité, nom, prénom", "coordonnées : adresse électronique, téléphone, entreprise, commune, secteur (NAF)",
				"statut professionnel (employeur, salarié, artisan, autre), facultatif : le collège dans les jurys d'examen",
				"spécialités d'examen qu'il peut évaluer, facultatif : les sessions qui ont un jury dans l'une d'elles lui demandent ses disponibilités",
				"accord : objets acceptés (interventions, visites, stages, jurys) et date"},
			Finalite:      "Solliciter des professionnels qui l'ont accepté pour des interventions, visites, stages ou jurys.",
			BaseLegale:    "Consentement (article 6.1.a du RGPD), donné par lien et retirable à tout moment.",
			Textes:        []string{"RGPD, articles 6.1.a et 7"},
			Conservation:  pro,
			Destinataires: []string{"le CEE qui a invité la personne", "les CEE, le pilote, l'inspection et la division des examens de l'académie, pour les objets acceptés seulement"},
			Droits:        droitsAccord,
		},
		{
			Code: "demandes", Nom: "Demandes des établissements et sollicitations",
			Personnes: "Personnels des établissements, des campus et pôles de stage qui écrivent une demande ; CEE et professionnels sollicités.",
			Donnees: []string{"contact de la demande : nom, adresse électronique, téléphone", "sollicitations : date, réponse, motif du refus, relances",
				"comptes rendus d'action : date, durée, élèves, description", "évaluation de la demande par l'établissement"},
			Finalite:      "Répondre aux besoins des établissements (découverte des métiers, visites, stages, conseil) et en rendre compte.",
			BaseLegale:    "Mission d'intérêt public (article 6.1.e du RGPD).",
			Textes:        []string{"Code de l'éducation, article D.331-65 (rapprocher le système éducatif de son environnement économique, parcours Avenir)"},
			Conservation:  "Le temps de la demande, puis avec la fiche de la personne (voir la gestion du réseau et le réseau élargi) ; les chiffres agrégés sont conservés sans nom.",
			Destinataires: []string{"l'établissement demandeur", "les personnes sollicitées", "le pilote académique"},
			Droits:        droitsMission,
		},
		{
			Code: "jurys", Nom: "Jurys d'examen professionnel",
			Personnes: "CEE et professionnels qui ont accepté de siéger dans les jurys.",
			Donnees: []string{"disponibilités déclarées (demi-journées, distance)", "liens d'intérêt déclarés (entreprise, formation de candidats)",
				"composition des jurys, convocations, présence"},
			Finalite:   "Constituer les jurys du CAP, du baccalauréat professionnel, du BTS et de la VAE avec la part de professionnels exigée, et prouver qui a siégé.",
			BaseLegale: "Mission d'intérêt public (article 6.1.e du RGPD) ; consentement pour les professionnels du réseau élargi.",
			Textes: []string{"Code de l'éducation, articles D.337-23, D.337-48, D.337-93, D.337-123, D.337-138, D.337-158, D.643-31 (composition des jurys)",
				"article R.335-8 (jurys de VAE)"},
			Conservation: cee,
			Destinataires: []string{"la division des examens et concours de l'académie", "le pilote académique", "les outils nationaux des examens (listes de jurys exportées)",
				"le référent de l'organisation qui a proposé le CEE, pour les jurys où sa présence a été constatée (service de ses conseillers)"},
			Droits: droitsMission,
		},
		{
			Code: "animation", Nom: "Animation du réseau : événements et annonces",
			Personnes:     "CEE, professionnels et référents invités aux événements ou destinataires des annonces.",
			Donnees:       []string{"inscriptions, liste d'attente, présence aux événements", "annonces reçues et leur envoi", "désinscription des annonces facultatives"},
			Finalite:      "Réunir, former et informer le réseau.",
			BaseLegale:    "Mission d'intérêt public (article 6.1.e du RGPD).",
			Textes:        []string{"Code de l'éducation, article D.331-66 (animation du réseau avec les organisations professionnelles)"},
			Conservation:  "Avec la fiche de la personne ; les désinscriptions tant que l'adresse existe.",
			Destinataires: []string{"les organisateurs de l'événement (pilote, référents d'organisation)"},
			Droits:        droitsMission,
		},
		{
			Code: "comptes", Nom: "Comptes, connexions et journal",
			Personnes: "Toute personne qui a un compte.",
			Donnees: []string{"adresse électronique, nom, rôles et périmètres", "sessions : date, adresse IP, navigateur", "journal : actions, date, adresse IP, objet concerné",
				"courriels envoyés par le service"},
			Finalite:      "Authentifier, donner à chacun les seuls droits de son rôle, tracer les accès aux coordonnées et les décisions.",
			BaseLegale:    "Mission d'intérêt public et obligation de sécurité (articles 6.1.e et 32 du RGPD).",
			Textes:        []string{"RGPD, article 32 (sécurité du traitement)"},
			Conservation:  "Sessions : au plus leur durée de validité ; courriels et tâches : 30 jours ; journal : conservé comme preuve des accès et des décisions, mais les lignes d'une personne effacée perdent son nom, son adresse et tout texte qui la désigne.",
			Destinataires: []string{"l'administrateur national", "le pilote académique pour son académie"},
			Droits:        droitsMission,
		},
		{
			Code: "statistiques", Nom: "Statistiques et bilans",
			Personnes:     "Aucune personne n'y est nommée.",
			Donnees:       []string{"nombres agrégés : CEE actifs, demandes, actions, élèves touchés, couverture des établissements"},
			Finalite:      "Piloter le réseau et rendre compte (bilans annuels, statistiques publiques).",
			BaseLegale:    "Mission d'intérêt public (article 6.1.e du RGPD).",
			Textes:        []string{"Code de l'éducation, article D.331-66 (objectifs fixés par les conventions)"},
			Conservation:  "Sans limite : les chiffres ne désignent personne et restent justes après une anonymisation.",
			Destinataires: []string{"le public (statistiques publiques)", "les pilotes et l'administration nationale"},
			Droits:        "Ne contient pas de données personnelles.",
		},
	}
}
