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
	// ValidationDemandes: the pilote checks each request before the search.
	ValidationDemandes bool
	// DemandeurSollicite: requesters may solicit candidates themselves.
	DemandeurSollicite bool
	// DelaiReponseJours: a solicitation without an answer expires after
	// this many days (reminders after 3 and 6 days).
	DelaiReponseJours int
	// SansConvention is what a designation without a convention in force
	// does: refused, or refused until the pilote overrides it.
	SansConvention SansConvention
	// Poids are the matching weights (JSON of match.Poids); empty: the
	// defaults.
	Poids []byte
}

// ParametresParDefaut are used until the pilote saves their own.
func ParametresParDefaut(academie string) Parametres {
	return Parametres{Academie: academie, Mandat: DefaultMandat, DureeConventionMois: DureeConventionMois, DelaiReponseJours: 10,
		SansConvention: SansConventionAvertir}
}
