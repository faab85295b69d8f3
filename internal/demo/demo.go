// Package demo fills a database with realistic, deterministic synthetic data
// through the same store functions the application uses: the small data set
// of `cee serve --demo` (one académie, one account per role) and the national
// scale of `cee demo --scale national` for benchmarks.
package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// Scale selects the size of the data set.
type Scale string

// Small is one académie and a few hundred records (what serve --demo loads);
// National is the 30 académies, for benchmarks.
const (
	Small    Scale = "small"
	National Scale = "national"
)

// ParseScale reads the --scale flag.
func ParseScale(s string) (Scale, error) {
	switch Scale(s) {
	case Small, National:
		return Scale(s), nil
	}
	return "", fmt.Errorf("échelle %q inconnue : small ou national / unknown scale, use small or national", s)
}

// SmallAcademie is the académie of the small data set: Toulouse, whose
// real schools are also in the shared extracts, so the demo looks familiar.
const SmallAcademie = "16"

// Options drive Generate.
type Options struct {
	Scale    Scale
	Seed     uint64
	Progress func(step string, done, total int) // may be nil
	Comptes  bool                               // one account per role, for serve --demo
}

// Counts is what Generate created.
type Counts struct {
	Academies      int
	Etablissements int
	Organisations  int
	Conseillers    int
	Professionnels int
	Comptes        int
	Demandes       int
	Sollicitations int
	Interventions  int
	Jurys          int // of the exam sessions (see jurys)
	// AcademieComptes is the académie of the demo accounts (the first one
	// generated), empty when none were asked for.
	AcademieComptes string
}

func (c Counts) String() string {
	return fmt.Sprintf("%d académie(s), %d établissements, %d organisations, %d conseillers, %d professionnels, %d comptes, %d demandes, %d sollicitations, %d actions, %d jurys",
		c.Academies, c.Etablissements, c.Organisations, c.Conseillers, c.Professionnels, c.Comptes, c.Demandes, c.Sollicitations, c.Interventions, c.Jurys)
}

// IsEmpty reports whether the database holds no data yet, so that
// serve --demo never adds demonstration data to a real database.
func IsEmpty(ctx context.Context, s *store.Store) (bool, error) {
	_, total, err := s.ListEtablissements(ctx, store.EtablissementFilter{Limit: 1})
	return total == 0, err
}

// Generate creates the data set. The same seed and scale give the same data.
func Generate(ctx context.Context, s *store.Store, o Options) (Counts, error) {
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed_cee))
	academies, perDepartement, ceePerAcademie, prosPerCEE, err := echelle(o.Scale)
	if err != nil {
		return Counts{}, err
	}
	etabs := ecoles(rng, academies, perDepartement)
	const batch = 500
	for i := 0; i < len(etabs); i += batch {
		end := min(i+batch, len(etabs))
		err := s.InTx(ctx, func(tx *store.Store) error {
			for _, e := range etabs[i:end] {
				if err := tx.UpsertEtablissement(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return Counts{}, err
		}
		if o.Progress != nil {
			o.Progress("établissements", end, len(etabs))
		}
	}
	counts := Counts{Academies: len(academies), Etablissements: len(etabs)}
	if counts.Organisations, counts.Conseillers, counts.Professionnels, err = reseau(ctx, s, rng, academies, ceePerAcademie, prosPerCEE, o.Progress); err != nil {
		return Counts{}, err
	}
	unites, err := campus(ctx, s, academies, etabs)
	if err != nil {
		return Counts{}, err
	}
	// A generator of its own, so that the data above stays the same.
	perAcademie := 300
	if o.Scale == National {
		perAcademie = 10000 // about 300,000 requests
	}
	if counts.Demandes, counts.Sollicitations, counts.Interventions, err = demandes(ctx, s, rand.New(rand.NewPCG(o.Seed, 0xdeade)),
		academies, etabs, unites, perAcademie, time.Now(), o.Progress); err != nil {
		return Counts{}, err
	}
	if o.Scale == Small { // events and announcements: a generator of its own, the data above stays the same
		if _, _, err := animation(ctx, s, rand.New(rand.NewPCG(o.Seed, 0xa11e)), academies[0].Code, unites[academies[0].Code], time.Now()); err != nil {
			return Counts{}, err
		}
	}
	// Exam sessions in each académie: a generator of their own too.
	jrng := rand.New(rand.NewPCG(o.Seed, 0x7a2e))
	for k, a := range academies {
		_, n, err := jurys(ctx, s, jrng, a.Code, etabs, time.Now())
		if err != nil {
			return Counts{}, err
		}
		counts.Jurys += n
		if o.Progress != nil {
			o.Progress("jurys", k+1, len(academies))
		}
	}
	if o.Comptes {
		n, err := comptes(ctx, s, academies[0].Code, etabs, unites[academies[0].Code].cmq())
		if err != nil {
			return Counts{}, err
		}
		counts.Comptes, counts.AcademieComptes = n, academies[0].Code
	}
	return counts, nil
}

// echelle is what a scale covers: its académies, the schools per
// département, the CEE per académie and the professionals per CEE.
func echelle(scale Scale) (academies []refdata.Academie, perDepartement float64, ceePerAcademie, prosPerCEE int, err error) {
	switch scale {
	case Small:
		a, _ := refdata.AcademieByCode(SmallAcademie)
		return []refdata.Academie{a}, 24, 150, 3, nil // 8 départements: about 190 établissements
	case National:
		// 4,500 CEE in France, about 50,000 professionals.
		return refdata.Academies(), 11000.0 / float64(len(refdata.Departements())), 150, 11, nil
	}
	return nil, 0, 0, 0, fmt.Errorf("échelle %q inconnue", scale)
}

// ecoles draws the schools of every académie, about perDepartement in each
// of their départements.
func ecoles(rng *rand.Rand, academies []refdata.Academie, perDepartement float64) []model.Etablissement {
	etabs := make([]model.Etablissement, 0, 12000)
	for _, a := range academies {
		for _, d := range refdata.DepartementsOfAcademie(a.Code) {
			communes := withCoords(refdata.CommunesOfDepartement(d.Code))
			if len(communes) == 0 {
				continue
			}
			n := int(math.Round(perDepartement * (0.6 + 0.8*rng.Float64())))
			etabs = append(etabs, etablissements(rng, a.Code, d.Code, communes, n)...)
		}
	}
	return etabs
}

func withCoords(cs []refdata.Commune) []refdata.Commune {
	out := cs[:0:0]
	for _, c := range cs {
		if c.HasCoords {
			out = append(out, c)
		}
	}
	return out
}

// etablissements draws n schools of one département: about 62 % collèges,
// 35 % lycées (two in three with a vocational track, as in France), a few
// EREA and CIO, in communes drawn uniformly (population is not in the
// reference data).
func etablissements(rng *rand.Rand, academie, dep string, communes []refdata.Commune, n int) []model.Etablissement {
	prefix := uaiPrefix(dep)
	seq := 1000 + rng.IntN(3000)
	out := make([]model.Etablissement, 0, n)
	for i := 0; i < n; i++ {
		c := communes[rng.IntN(len(communes))]
		seq += 1 + rng.IntN(7)
		digits := fmt.Sprintf("%s%04d", prefix, seq%10000)
		letter, _ := refdata.UAICheckLetter(digits)
		e := model.Etablissement{
			UAI:         digits + string(letter),
			Statut:      "public",
			Adresse:     fmt.Sprintf("%d %s", 1+rng.IntN(120), pick(rng, rues)),
			CodeCommune: c.CodeINSEE,
			NomCommune:  c.Nom,
			Departement: dep,
			Academie:    academie,
		}
		if len(c.CodesPostaux) > 0 {
			e.CodePostal = c.CodesPostaux[0]
		}
		// A few hundred metres around the commune's point.
		lat := c.Lat + (rng.Float64()-0.5)*0.01
		lon := c.Lon + (rng.Float64()-0.5)*0.01
		e.Latitude, e.Longitude = &lat, &lon
		if rng.Float64() < 0.2 {
			e.Statut = "prive"
		}
		prive := e.Statut == "prive"
		// "Collège privé X", "Lycée professionnel privé X": the status follows
		// the kind of school, before the patron's name.
		kind := func(k string) string {
			if prive {
				return k + " privé "
			}
			return k + " "
		}
		r := rng.Float64()
		switch {
		case r < 0.62:
			e.Type = model.College
			e.Nom = kind("Collège") + pick(rng, patronymes)
			if !prive && rng.Float64() < 0.15 {
				e.EducationPrioritaire = pick(rng, []string{"REP", "REP", "REP+"})
			}
		case r < 0.97:
			e.Type = model.Lycee
			e.VoieProfessionnelle = rng.Float64() < 0.65
			e.VoieGenerale = !e.VoieProfessionnelle || rng.Float64() < 0.3
			e.VoieTechnologique = e.VoieGenerale && rng.Float64() < 0.5
			switch {
			case e.VoieProfessionnelle && !e.VoieGenerale:
				e.Nom = kind("Lycée professionnel") + pick(rng, patronymes)
				e.LyceeDesMetiers = rng.Float64() < 0.3
			case e.VoieProfessionnelle:
				e.Nom = kind("Lycée polyvalent") + pick(rng, patronymes)
			default:
				e.Nom = kind("Lycée") + pick(rng, patronymes)
			}
		case r < 0.985:
			e.Type = model.EREA
			e.Statut = "public"
			e.Nom = "EREA " + pick(rng, patronymes)
		default:
			e.Type = model.CIO
			e.Statut = "public"
			e.Nom = "CIO de " + c.Nom
		}
		out = append(out, e)
	}
	return out
}

// uaiPrefix is the first three characters of a UAI for a département:
// "031" for 31, "620"/"720" for Corse-du-Sud/Haute-Corse, "971" overseas.
func uaiPrefix(dep string) string {
	switch dep {
	case "2A":
		return "620"
	case "2B":
		return "720"
	}
	if len(dep) == 3 {
		return dep
	}
	return "0" + dep
}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

var patronymes = []string{
	"Jean Moulin", "Marie Curie", "Victor Hugo", "Jules Ferry", "Jean Jaurès", "Louise Michel", "Simone Veil",
	"Olympe de Gouges", "Albert Camus", "Pierre de Fermat", "Jean Zay", "Lucie Aubrac", "Germaine Tillion",
	"Antoine de Saint-Exupéry", "Paul Éluard", "George Sand", "Camille Claudel", "Louis Pasteur", "Condorcet",
	"Gustave Eiffel", "Joséphine Baker", "Marcel Pagnol", "Jacques Prévert", "Colette", "Émile Zola",
	"Jean de La Fontaine", "Rosa Parks", "Nelson Mandela", "Léonard de Vinci", "Blaise Pascal", "Clément Ader",
	"Pierre et Marie Curie", "Charles de Gaulle", "Jean Monnet", "Aristide Bergès", "Gaston Fébus", "Toulouse-Lautrec",
	"Jean Rostand", "Irène Joliot-Curie", "Gisèle Halimi", "Frédéric Mistral", "Olivier de Serres", "du Parc",
	"des Ormeaux", "de la Vallée", "du Val d'Ariège", "les Tilleuls", "Les Chênes", "Val de Garonne", "du Lac",
}

var rues = []string{
	"rue Victor Hugo", "avenue Jean Jaurès", "boulevard de la République", "rue des Écoles", "chemin du Lycée",
	"rue Pasteur", "avenue de la Gare", "place de la Mairie", "rue du Stade", "allée des Tilleuls",
	"route de Toulouse", "rue de la Liberté", "impasse des Lilas", "avenue du Général de Gaulle", "rue Jules Ferry",
}
