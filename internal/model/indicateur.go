package model

import (
	"fmt"
	"time"
)

// Indicateur is one figure of the dashboards, the bilans and the open
// statistics, defined once: its code (used in URLs and file names), its
// French label and the definition shown to users.
type Indicateur struct {
	Code       string
	Label      string
	Definition string
}

// Codes of the indicators.
const (
	IndCEEActifs       = "cee-actifs"
	IndCEESecteur      = "cee-secteur"
	IndCEEDepartement  = "cee-departement"
	IndCEEStatut       = "cee-statut"
	IndCEEOrganisation = "cee-organisation"
	IndMandatsFin      = "mandats-fin"
	IndDemandesEtat    = "demandes-etat"
	IndDemandesType    = "demandes-type"
	IndDelaiReponse    = "delai-reponse"
	IndTauxPourvues    = "taux-pourvues"
	IndTauxExpirees    = "taux-expirees"
	IndEleves          = "eleves"
	IndCouverture      = "couverture"
	IndCouvertureType  = "couverture-type"
	IndCouvertureEP    = "couverture-ep"
	IndCouvertureDep   = "couverture-departement"
	IndCouvertureAcad  = "couverture-academie"
	IndNonAtteints     = "non-atteints"
	IndChargeCEE       = "charge-cee"
	IndCEESurcharges   = "cee-surcharges"
	IndCEEInactifs     = "cee-inactifs"
	IndNoteMoyenne     = "note-moyenne"
	IndActions         = "actions"
	IndHeures          = "heures"
	IndReponses        = "reponses"
	IndSiegesJurys     = "sieges-jurys"
	IndSiegesSession   = "sieges-jurys-session"
	IndSiegesDiplome   = "sieges-jurys-diplome"
	IndCollegesJurys   = "colleges-jurys"
	IndJurysEquilibres = "jurys-equilibres"
	IndPlacesStage     = "places-stage"
	IndAvenir          = "parcours-avenir"
	IndAvenirNiveau    = "parcours-avenir-niveau"
	IndAvenirType      = "parcours-avenir-type"
	IndAvenirEP        = "parcours-avenir-ep"
	IndExpertise       = "avis-expertise"
	IndExpertiseSujet  = "avis-expertise-sujet"
	IndMissions        = "missions"
	JoursFinMandat     = 90 // « mandats arrivant à échéance » : within this many days
	MoisInactivite     = 12 // « CEE inactifs » : nothing for this many months
	SeuilStatistiques  = 5  // open statistics: counts below are shown « < 5 »
)

// Indicateurs lists every indicator with its definition, in the order of
// the glossary page.
func Indicateurs() []Indicateur {
	return []Indicateur{
		{IndCEEActifs, "CEE en mandat", "Conseillers dont la désignation courante est active (ou en cours de renouvellement) à la date de référence : aujourd'hui pour l'année scolaire en cours, le 31 août pour une année passée. Comparé à l'objectif de l'académie (paramètre « objectif de CEE »)."},
		{IndCEESecteur, "CEE en mandat par secteur", "Les CEE en mandat répartis par section NAF de leur entreprise (A à U) ; « Non renseigné » quand le code NAF manque."},
		{IndCEEDepartement, "CEE en mandat par département", "Les CEE en mandat répartis par département de rattachement (celui de leur commune)."},
		{IndCEEStatut, "CEE en mandat par statut", "Les CEE en mandat répartis par statut professionnel : employeur, salarié, artisan, autre."},
		{IndCEEOrganisation, "CEE en mandat par organisation", "Les CEE en mandat répartis par organisation professionnelle ou interprofessionnelle qui les a proposés."},
		{IndMandatsFin, "Mandats arrivant à échéance", fmt.Sprintf("CEE en mandat dont la fin de mandat tombe dans les %d jours qui suivent la date de référence.", JoursFinMandat)},
		{IndDemandesEtat, "Demandes par état", "Demandes des établissements envoyées pendant l'année scolaire (date d'envoi du 1er septembre au 31 août), réparties par état actuel ; les brouillons ne sont pas comptés."},
		{IndDemandesType, "Demandes par type", "Les mêmes demandes réparties par type (intervention en classe, forum, visite, stage…)."},
		{IndDelaiReponse, "Délai médian de première réponse", "Pour les demandes envoyées pendant l'année et ayant reçu au moins une réponse (acceptation ou refus) d'un conseiller ou d'un professionnel sollicité : nombre médian de jours entre l'envoi de la demande et la première réponse."},
		{IndTauxPourvues, "Taux de demandes pourvues", "Parmi les demandes de l'année arrivées au bout de la recherche : demandes pourvues, réalisées ou clôturées, divisées par ces mêmes demandes plus les demandes expirées."},
		{IndTauxExpirees, "Taux d'expiration", "Demandes de l'année expirées (personne trouvé avant l'échéance) divisées par les demandes envoyées de l'année (hors brouillons et demandes annulées)."},
		{IndEleves, "Élèves touchés", "Somme des élèves déclarés dans les comptes rendus d'actions dont la date tombe dans l'année scolaire (un élève touché par deux actions compte deux fois)."},
		{IndCouverture, "Couverture des établissements", "Établissements ouverts du périmètre (collèges, lycées, EREA) ayant reçu au moins une action d'un CEE ou une demande réalisée ou clôturée pendant l'année scolaire, rapportés à tous les établissements ouverts du périmètre."},
		{IndCouvertureType, "Couverture par type d'établissement", "La couverture répartie par type d'établissement : collège, lycée, EREA."},
		{IndCouvertureEP, "Couverture en éducation prioritaire", "La couverture répartie selon l'appartenance à l'éducation prioritaire : REP+, REP, hors éducation prioritaire."},
		{IndCouvertureDep, "Couverture par département", "La couverture répartie selon le département de l'établissement ; la carte colore chaque département de l'académie selon son taux."},
		{IndCouvertureAcad, "Couverture par académie", "La couverture répartie par académie ; la carte nationale colore chaque académie selon son taux (les académies d'outre-mer en encarts, à des échelles différentes)."},
		{IndNonAtteints, "Établissements jamais atteints", "Liste des établissements ouverts du périmètre qui n'ont reçu aucune action ni aucune demande réalisée ou clôturée pendant l'année scolaire."},
		{IndChargeCEE, "Charge par CEE", "Répartition des CEE en mandat selon le nombre de sollicitations qu'ils ont acceptées pendant l'année scolaire (0, 1 à 2, 3 à 5, 6 à 10, plus de 10)."},
		{IndCEESurcharges, "CEE surchargés", "CEE en mandat ayant accepté plus de sollicitations dans l'année que leur plafond mensuel multiplié par le nombre de mois écoulés de l'année (un CEE sans plafond n'est jamais surchargé)."},
		{IndCEEInactifs, "CEE inactifs", fmt.Sprintf("CEE en mandat sans aucun service — action (compte rendu), jury d'examen où sa présence a été constatée, événement du réseau auquel il a assisté, avis d'expertise rendu — ni sollicitation acceptée pendant les %d mois précédant la date de référence.", MoisInactivite)},
		{IndNoteMoyenne, "Note moyenne des établissements", "Moyenne des notes (1 à 5) données par les établissements aux demandes de l'année qu'ils ont clôturées."},
		{IndActions, "Actions", "Nombre d'actions déclarées par les CEE (comptes rendus) dont la date tombe dans l'année scolaire."},
		{IndHeures, "Heures d'action", "Somme des durées des actions de l'année, en heures."},
		{IndReponses, "Sollicitations répondues", "Sollicitations reçues pendant l'année auxquelles le conseiller a répondu (acceptation ou refus)."},
		{IndSiegesJurys, "Sièges de jurys pourvus", "Pour les sessions d'examen qui commencent pendant l'année scolaire : sièges de professionnels occupés (membres proposés, convoqués ou ayant confirmé ; un membre empêché ne compte pas), au plus le nombre de sièges prévus par jury, rapportés aux sièges de professionnels prévus dans tous les jurys. Le département d'un jury est celui de son centre d'examen ; avec un filtre sur une organisation ou un secteur, seuls les sièges occupés par ses CEE comptent."},
		{IndSiegesSession, "Sièges de jurys pourvus par session", "Les sièges de jurys pourvus, session d'examen par session."},
		{IndSiegesDiplome, "Sièges de jurys pourvus par diplôme", "Les sièges de jurys pourvus, par diplôme (CAP, baccalauréat professionnel, BTS…) d'après la spécialité du jury."},
		{IndCollegesJurys, "Membres de jurys par collège", "Membres des jurys de l'année (hors empêchés) selon leur collège : employeurs (employeurs et artisans) ou salariés. Un professionnel du réseau sans statut déclaré siège comme salarié."},
		{IndJurysEquilibres, "Jurys équilibrés employeurs / salariés", "Parmi les jurys de l'année où siège au moins un professionnel : ceux qui comptent au moins les employeurs et les salariés voulus pour le jury et, quand la règle du diplôme demande la parité, autant d'employeurs que de salariés à un près (la même vérification que les alertes de la page du jury)."},
		{IndPlacesStage, "Places de stage", "Pour les demandes de lieux de stage ou de PFMP et de stage de seconde envoyées pendant l'année scolaire : places recherchées par les établissements, places proposées par les personnes qui ont accepté, places confirmées par l'établissement ou le pilote auprès de chaque entreprise, et élèves placés."},
		{IndAvenir, "Actions du parcours Avenir", "Actions déclarées par les CEE (comptes rendus) dont la date tombe dans l'année scolaire et qui indiquent le niveau des élèves (de la 6e à la terminale, CAP, BTS…), avec les élèves touchés."},
		{IndAvenirNiveau, "Parcours Avenir par niveau", "Les mêmes actions et leurs élèves, par niveau : une action pour plusieurs niveaux compte dans chacun d'eux, avec tous ses élèves."},
		{IndAvenirType, "Parcours Avenir par type d'établissement", "Les mêmes actions (chacune une fois) selon le type de l'établissement où elles ont eu lieu : collège, lycée, EREA ; « Sans établissement » pour une action hors d'un établissement."},
		{IndAvenirEP, "Parcours Avenir en éducation prioritaire", "Les mêmes actions, quand elles ont eu lieu dans un établissement, selon son appartenance à l'éducation prioritaire : REP+, REP, hors éducation prioritaire."},
		{IndExpertise, "Avis d'expertise rendus", "Avis écrits rendus par les CEE pendant l'année scolaire (date de l'avis), avec le temps qu'ils y ont consacré ; à côté, les avis demandés pendant l'année (une demande adressée à deux CEE compte deux fois) et ceux que les CEE ont déclinés."},
		{IndExpertiseSujet, "Avis d'expertise par sujet", "Les avis rendus pendant l'année selon leur sujet : ouverture ou fermeture d'une formation, contenu d'une certification, consultation d'une CPC, conseil de perfectionnement, autre."},
		{IndMissions, "Services par mission", "Les trois missions des CEE (article D.331-65 du code de l'éducation) : mobiliser des professionnels pour les besoins des établissements (actions déclarées dans l'année), apporter expertise et conseil (avis rendus dans l'année), participer aux jurys d'examen (sièges de jurys pourvus pour les sessions de l'année)."},
	}
}

// IndicateurByCode finds an indicator's definition.
func IndicateurByCode(code string) (Indicateur, bool) {
	for _, i := range Indicateurs() {
		if i.Code == code {
			return i, true
		}
	}
	return Indicateur{}, false
}

// AnneeScolaire is a school year, from September 1 to August 31; 2025 is
// 2025-2026.
type AnneeScolaire int

// AnneeScolaireOf is the school year a day falls in.
func AnneeScolaireOf(t time.Time) AnneeScolaire {
	if t.Month() >= time.September {
		return AnneeScolaire(t.Year())
	}
	return AnneeScolaire(t.Year() - 1)
}

// Debut is September 1 at midnight, Paris time.
func (a AnneeScolaire) Debut() time.Time {
	return time.Date(int(a), time.September, 1, 0, 0, 0, 0, Paris)
}

// Fin is the next September 1: the period is [Debut, Fin).
func (a AnneeScolaire) Fin() time.Time { return (a + 1).Debut() }

// Label is « 2025-2026 ».
func (a AnneeScolaire) Label() string { return fmt.Sprintf("%d-%d", int(a), int(a)+1) }

// Reference is the date the stock indicators (CEE in mandate) are read
// at: now during the year, the last day of a past year.
func (a AnneeScolaire) Reference(now time.Time) time.Time {
	if now.Before(a.Fin()) {
		return now
	}
	return a.Fin().Add(-time.Second)
}
