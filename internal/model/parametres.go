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
	// DistancePersonneKm is how far a CEE or a professional goes when they
	// did not say; PlafondProfessionnel the monthly cap of a professional
	// who did not say (a CEE without a cap has none).
	DistancePersonneKm   int
	PlafondProfessionnel int
	// DistancesTypes are the pilote's maximum distances by type of
	// request, over DistancesParDefaut.
	DistancesTypes map[TypeDemande]int
}

// DistancesParDefaut are the maximum distances by type of request until
// the pilote sets theirs: a class talk of an hour is worth a short trip, a
// jury or an expertise a longer one; an internship is near the school.
func DistancesParDefaut() map[TypeDemande]int {
	return map[TypeDemande]int{TypeIntervention: 40, TypeForum: 60, TypeVisite: 50, TypeStage: 30, TypeStageSeconde: 30,
		TypeExpertise: 100, TypeInstance: 60, TypeJury: 100, TypeAutre: 60}
}

// DistanceType is the maximum distance of a request of type t.
func (p Parametres) DistanceType(t TypeDemande) int {
	if km := p.DistancesTypes[t]; km > 0 {
		return km
	}
	return DistancesParDefaut()[t]
}

// DistanceDemande is the maximum distance of a request: its own, or its
// type's.
func (p Parametres) DistanceDemande(d Demande) int {
	if d.DistanceMaxKm > 0 {
		return d.DistanceMaxKm
	}
	return p.DistanceType(d.Type)
}

// ParametresParDefaut are used until the pilote saves their own.
func ParametresParDefaut(academie string) Parametres {
	return Parametres{Academie: academie, Mandat: DefaultMandat, DureeConventionMois: DureeConventionMois, DelaiReponseJours: 10,
		SansConvention: SansConventionAvertir, DistancePersonneKm: 60, PlafondProfessionnel: 2}
}
