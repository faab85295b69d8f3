package mail

import "time"

// EffacementData is the data of the "effacement" template: the answer to an
// erasure request that a pilote refused, with the reason. A request done
// is not mailed: the address is erased with the rest.
type EffacementData struct {
	Motif   string
	Contact string // where to write to contest it
}

// ConservationData is the data of the "conservation" template: the warning
// one month before a person the retention rule reaches is anonymised.
type ConservationData struct {
	Raison   string // « votre dernier mandat a pris fin il y a plus de 5 ans »
	Echeance time.Time
	URL      string // the login page: signing in keeps the data
	Accord   string // for a professional: the page to renew their consent
}
