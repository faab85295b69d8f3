package match

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Labels are written for the shown results only (the second pass of Rank),
// so they may use fmt freely.

var niveauxNAF = [...]string{"", "section", "division", "groupe", "classe"}

func (q *requete) labelSecteur(c *cand, v float64, wi, ci int) string {
	switch {
	case len(c.naf) == 0:
		return "Secteur : non renseigné"
	case ci < 0:
		return "Secteur : " + nom(q.d.Noms.Secteur, c.naf[0].String()) + " ne correspond pas"
	case v == 1:
		return "Secteur : " + nom(q.d.Noms.Secteur, c.naf[ci].String()) + " correspond"
	}
	l := commun(q.naf[wi], c.naf[ci])
	grp := nafCode{section: c.naf[ci].section}
	if l >= 2 {
		grp.code = c.naf[ci].code[:l]
	}
	return fmt.Sprintf("Secteur voisin : %s, même %s : %s", nom(q.d.Noms.Secteur, c.naf[ci].String()), niveauxNAF[l], nom(q.d.Noms.Secteur, grp.String()))
}

func (q *requete) labelFamille(c *cand, ci int) string {
	switch {
	case len(c.familles) == 0:
		return "Famille de métiers : non renseignée"
	case ci < 0:
		return "Famille de métiers : aucune ne correspond"
	}
	return "Famille de métiers : " + nom(q.d.Noms.Famille, c.famRaw[ci]) + " correspond"
}

func (q *requete) labelMetier(c *cand, m metierMatch) string {
	switch {
	case len(c.romes)+len(c.textes) == 0:
		return "Métier : non renseigné"
	case m.ci < 0 || m.v == 0:
		return "Métier : aucun ne correspond"
	case m.rome && m.v == 1:
		return "Métier : " + nom(q.d.Noms.Metier, c.romes[m.ci]) + " correspond"
	case m.rome:
		return fmt.Sprintf("Métier voisin : %s, même domaine : %s", nom(q.d.Noms.Metier, c.romes[m.ci]), nom(q.d.Noms.Domaine, c.romes[m.ci][:3]))
	case m.trouves == m.demandes:
		return fmt.Sprintf("Métier : « %s » correspond à « %s »", c.txtRaw[m.ci], q.txtRaw[m.wi])
	}
	return fmt.Sprintf("Métier : « %s » correspond en partie à « %s » (%d %s sur %d)",
		c.txtRaw[m.ci], q.txtRaw[m.wi], m.trouves, pluriel(m.trouves, "mot", "mots"), m.demandes)
}

func (q *requete) labelSpecialite(c *cand, v float64, wi, ci int) string {
	switch {
	case len(c.specs) == 0:
		return "Spécialité : non renseignée"
	case ci < 0:
		return "Spécialité : aucune ne correspond"
	case v == 1:
		return "Spécialité : " + nom(q.d.Noms.Specialite, c.specs[ci]) + " correspond"
	}
	return fmt.Sprintf("Spécialité voisine : %s (même groupe de spécialités, NSF %s)", nom(q.d.Noms.Specialite, c.specs[ci]), c.specs[ci][3:6])
}

func labelDistance(km float64) string {
	switch {
	case km < 0:
		return "Distance inconnue (adresse non renseignée)"
	case km < 1:
		return "À moins d'1 km de l'établissement"
	}
	return fmt.Sprintf("%d km de l'établissement", int(math.Round(km)))
}

func (q *requete) labelDispo(c *cand, n, total int) string {
	if len(q.creneaux) > 0 {
		if n == total {
			if total == 1 {
				return "Disponible le " + dateLabel(q.creneaux[0], q.d.Creneaux[0].Moment)
			}
			return fmt.Sprintf("Disponible les %d dates", total)
		}
		if total == 1 {
			return "Indisponible le " + dateLabel(q.creneaux[0], q.d.Creneaux[0].Moment) + " (disponibilité élargie)"
		}
		var dates []string
		for i, j := range q.creneaux {
			if !c.available(j) {
				dates = append(dates, dateLabel(j, q.d.Creneaux[i].Moment))
			}
		}
		return fmt.Sprintf("Disponible %d des %d dates, indisponible le %s (disponibilité élargie)",
			n, total, strings.Join(dates, ", le "))
	}
	switch n {
	case 0:
		return "Indisponible sur toute la période (disponibilité élargie)"
	case total:
		return fmt.Sprintf("Disponible les %d jours ouvrables de la période", total)
	}
	return fmt.Sprintf("Disponible %d %s sur %d de la période", n, pluriel(n, "jour", "jours"), total)
}

func labelCharge(c *cand) string {
	s := fmt.Sprintf("%d %s ce mois", c.sol, pluriel(c.sol, "sollicitation", "sollicitations"))
	if c.cap == 0 {
		return s + ", sans plafond"
	}
	s += fmt.Sprintf(" sur %d %s", c.cap, pluriel(c.cap, "autorisée", "autorisées"))
	if c.sol >= c.cap {
		return "Plafond atteint : " + s + " (plafond élargi)"
	}
	return s
}

func labelEquite(c *cand) string {
	if c.acc == 0 {
		return "Aucune action acceptée en 12 mois"
	}
	return fmt.Sprintf("%d %s en 12 mois", c.acc, pluriel(c.acc, "action acceptée", "actions acceptées"))
}

func labelReactivite(c *cand) string {
	if c.sollicitees == 0 {
		return "Jamais sollicité : taux de réponse inconnu"
	}
	pct := int(math.Round(100 * float64(c.repondues) / float64(c.sollicitees)))
	return fmt.Sprintf("Taux de réponse %d %% (%d %s)", pct, c.sollicitees, pluriel(c.sollicitees, "demande", "demandes"))
}

func labelSatisfaction(c *cand) string {
	if c.nbNotes == 0 {
		return "Pas encore d'avis"
	}
	note := strings.Replace(strconv.FormatFloat(c.note, 'f', 1, 64), ".", ",", 1)
	return fmt.Sprintf("Note moyenne %s/5 (%d avis)", note, c.nbNotes)
}

func (q *requete) labelHorsTerritoire(c *cand) string {
	return "Hors territoire : intervient " + q.territoire(c) + " (territoire élargi)"
}

func (q *requete) labelHorsAcademie(c *cand) string {
	return "Autre académie : intervient " + q.territoire(c) + " (recherche étendue aux autres académies)"
}

// territoire writes where c acts: « en Gers (32), Tarn (81) » or « dans
// l'académie de Bordeaux ».
func (q *requete) territoire(c *cand) string {
	p := q.pool
	if len(c.terr) == 0 {
		return "dans l'académie " + nom(q.d.Noms.Academie, p.academies.name(c.acad))
	}
	noms := make([]string, len(c.terr))
	for i, d := range c.terr {
		noms[i] = nom(q.d.Noms.Departement, p.depts.name(d))
	}
	return "en " + strings.Join(noms, ", ")
}
