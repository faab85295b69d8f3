package refdata

import "strings"

// The labels below are what a person reads for a code, everywhere the
// application shows one (pages, mails, documents, reasons of a ranking):
// the label first, the code only in parentheses where it helps. Each gives
// the code itself when the reference data do not hold it (a code kept from
// an older list stays readable), and "" for "".

// LibelleAcademie names an académie: « Toulouse ».
func LibelleAcademie(code string) string {
	if a, ok := AcademieByCode(code); ok {
		return a.Nom
	}
	return code
}

// LibelleDepartement names a département: « Haute-Garonne (31) ».
func LibelleDepartement(code string) string {
	if d, ok := DepartementByCode(code); ok {
		return d.Nom + " (" + d.Code + ")"
	}
	return code
}

// LibelleCommune names a commune with its département, since names repeat
// across France: « Albi (81) ».
func LibelleCommune(code string) string {
	if c, ok := CommuneByCode(code); ok {
		return c.Nom + " (" + c.Departement + ")"
	}
	return code
}

// NomCommune is a commune's name alone, « Albi », for a place already
// situated (an address, a school).
func NomCommune(code string) string {
	if c, ok := CommuneByCode(code); ok {
		return c.Nom
	}
	return code
}

// LibelleNAF names a code of any level of the NAF with its code, which
// companies know from their Kbis: « Boulangerie et boulangerie-pâtisserie
// (NAF 10.71C) », « Construction (NAF F) ».
func LibelleNAF(code string) string {
	if n, ok := NAFByCode(code); ok {
		return n.Libelle + " (NAF " + n.Code + ")"
	}
	return code
}

// LibelleDiplome names a diploma speciality: « CAP Boulanger ».
func LibelleDiplome(code string) string {
	if d, ok := DiplomeByCode(code); ok {
		return d.Type + " " + d.Intitule
	}
	return code
}

// LibelleFamille names a famille de métiers: « Métiers de l'alimentation ».
func LibelleFamille(code string) string {
	if f, ok := FamilleMetiersByCode(code); ok {
		return f.Libelle
	}
	return code
}

// LibelleMetier names a ROME fiche: « Boulanger / Boulangère ». A métier
// written in words is returned as written.
func LibelleMetier(code string) string {
	if m, ok := MetierByCode(code); ok {
		return m.Libelle
	}
	return code
}

// LibelleDomaineMetier names a domaine professionnel of the ROME (the
// first three characters of a code): « Commerce alimentaire et métiers de bouche ».
func LibelleDomaineMetier(code string) string {
	if l, ok := domainesMetiers()[strings.ToUpper(strings.TrimSpace(code))]; ok {
		return l
	}
	return code
}

// LibelleConvention names a convention collective by its usual name and its
// number, which payslips carry: « Métallurgie (IDCC 3248) ».
func LibelleConvention(numero string) string {
	c, ok := IDCCByNumero(numero)
	if !ok {
		return numero
	}
	titre := c.TitreCourt
	if titre == "" {
		titre = c.Titre
	}
	return titre + " (IDCC " + c.Numero + ")"
}
