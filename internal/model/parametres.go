package model

// Parametres are an académie's own rules. The domain brief marks mandate
// length, renewal and quotas as unverified ([U]): they are data the pilote
// sets, never constants.
type Parametres struct {
	Academie string
	Mandat   MandatSettings
	// DureeConventionMois is the default length of a convention with an
	// organisation (D.331-66: three years).
	DureeConventionMois int
}

// ParametresParDefaut are used until the pilote saves their own.
func ParametresParDefaut(academie string) Parametres {
	return Parametres{Academie: academie, Mandat: DefaultMandat, DureeConventionMois: DureeConventionMois}
}
