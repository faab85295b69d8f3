package web

import (
	"net/http"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/policy"
)

// gate decides who may reach a route; nil lets everyone in. Records are
// further scoped in SQL by the handlers (another académie's record is 404).
type gate func(u *user) bool

func signedIn(u *user) bool { return u != nil && !u.Session.MFAPending }

func mfaPending(u *user) bool { return u != nil && u.Session.MFAPending }

func can(kind string, a model.Action) gate {
	return func(u *user) bool { return signedIn(u) && policy.Can(u.P, a, model.Resource{Kind: kind}) }
}

// teamReaders are the roles that may open a school's team page; which
// school is checked against their scope by the handler.
func teamReaders(u *user) bool { return signedIn(u) && policy.LitEquipes(u.P) }

// adminSeul lets in the national administrators only: rules that hold for
// every académie.
func adminSeul(u *user) bool { return signedIn(u) && policy.GereReglesNationales(u.P) }

// prononce lets in who pronounces arrêtés: the recteur's team (pilote,
// admin).
func prononce(u *user) bool { return signedIn(u) && policy.LanceRenouvellements(u.P) }

// lecteurReseau lets in those who read an organisation's network: its
// référents, and a tête de réseau's (its members' conventions).
func lecteurReseau(u *user) bool { return signedIn(u) && policy.LitConventionsReseau(u.P) }

// conseillerSeul lets in the CEE only: they answer their solicitations.
func conseillerSeul(u *user) bool {
	if !signedIn(u) {
		return false
	}
	_, ok := policy.ConseillerDe(u.P)
	return ok
}

// route is what the route table says of a route besides its gate.
type route struct {
	maxBody int64  // body limit, formMaxBody unless an upload says more
	upload  bool   // the handler parses its multipart form itself
	rateKey string // per-address rate limit, "" for none
}

type routeOption func(*route)

// maxBody lets an upload route read up to n bytes: its documented file
// size plus the form around it. Its handler parses the form.
func maxBody(n int64) routeOption {
	return func(rt *route) { rt.maxBody, rt.upload = n, true }
}

// rateLimited puts a route under the per-address limit of key (several
// routes may share one), checked before the body is read.
func rateLimited(key string) routeOption { return func(rt *route) { rt.rateKey = key } }

// handle registers a route behind its gate. An anonymous visitor is sent
// to the login page; a signed-in person without the right gets 403. Then
// come the rate limit and the body limit, before any handler reads the
// body.
func (s *Server) handle(pattern string, g gate, h handler, opts ...routeOption) {
	rt := route{maxBody: formMaxBody}
	for _, o := range opts {
		o(&rt)
	}
	s.patterns = append(s.patterns, pattern)
	s.mux.Handle(pattern, s.h(func(w http.ResponseWriter, r *http.Request) error {
		if st := stateOf(r.Context()); st != nil {
			st.req = r // the request the mux labelled and the handler parses
		}
		if g != nil {
			u := currentUser(r)
			if !g(u) {
				if u == nil || u.Session.MFAPending {
					http.Redirect(w, r, loginURL(r), http.StatusSeeOther)
					return nil
				}
				return withStatus(http.StatusForbidden, errForbidden)
			}
		}
		if rt.rateKey != "" {
			if err := s.allowIP(r, rt.rateKey); err != nil {
				return err
			}
		}
		if err := limitBody(w, r, rt.maxBody, !rt.upload); err != nil {
			return err
		}
		return h(w, r)
	}))
}

// Patterns lists every route registered, for the access-matrix test.
func (s *Server) Patterns() []string { return append([]string(nil), s.patterns...) }

// routes lists every route of the interface in one place.
func (s *Server) routes() http.Handler {
	s.mux = http.NewServeMux()
	s.mux.Handle("GET /static/", s.assets.Handler())
	s.patterns = append(s.patterns, "GET /static/")

	s.handle("GET /healthz", nil, s.handleHealthz)
	s.handle("GET /readyz", nil, s.handleReadyz)
	s.handle("GET /metrics", nil, s.handleMetrics)

	s.handle("GET /{$}", nil, s.handleHome)
	s.handle("GET /etablissements", nil, s.handleEtablissementList)
	s.handle("GET /etablissements/{uai}", nil, s.handleEtablissementShow)
	s.handle("GET /etablissements/{uai}/equipe", teamReaders, s.handleEquipe)
	s.handle("GET /accessibilite", nil, s.handleStatic)
	s.handle("GET /mentions-legales", nil, s.handleStatic)
	s.handle("GET /donnees-personnelles", nil, s.handleStatic)

	// Login.
	s.handle("GET /connexion", nil, s.handleLogin)
	s.handle("POST /connexion/lien", nil, s.handleMagicLinkRequest, rateLimited("lien"))
	s.handle("GET /connexion/lien-envoye", nil, s.handleMagicLinkSent)
	s.handle("GET /connexion/lien/{jeton}", nil, s.handleMagicLinkShow)
	s.handle("POST /connexion/lien/{jeton}", nil, s.handleMagicLinkUse, rateLimited("jeton-lien"))
	s.handle("POST /connexion/mot-de-passe", nil, s.handlePasswordLogin, rateLimited("mot-de-passe"))
	s.handle("GET /connexion/totp", mfaPending, s.handleTOTPShow)
	s.handle("POST /connexion/totp", mfaPending, s.handleTOTPCheck, rateLimited("totp"))
	s.handle("GET /connexion/proconnect", nil, s.handleOIDCStart, rateLimited("proconnect"))
	s.handle("GET /connexion/proconnect/retour", nil, s.handleOIDCCallback, rateLimited("proconnect"))
	s.handle("GET /invitation/{jeton}", nil, s.handleInvitationShow)
	s.handle("POST /invitation/{jeton}", nil, s.handleInvitationAccept, rateLimited("jeton-invitation"))
	s.handle("POST /deconnexion", nil, s.handleLogout)

	// Labels suggested as one types in a field that takes a commune, a
	// speciality, a school…
	s.handle("GET /suggestions/{kind}", signedIn, s.handleSuggestions)

	// The signed-in person's own account.
	s.handle("GET /compte", signedIn, s.handleAccount)
	s.handle("POST /compte/role", signedIn, s.handleRoleSwitch)
	s.handle("POST /compte/mot-de-passe", signedIn, s.handlePasswordSet)
	s.handle("POST /compte/deconnexion-partout", signedIn, s.handleLogoutEverywhere)

	// Accounts of the scope, invitations, audit log.
	s.handle("GET /comptes", can(model.ResComptes, model.ActionLire), s.handleCompteList)
	s.handle("GET /comptes/export.csv", can(model.ResComptes, model.ActionExporter), s.handleCompteExport)
	s.handle("GET /comptes/inviter", can(model.ResComptes, model.ActionGerer), s.handleInvitationForm)
	s.handle("POST /comptes/inviter", can(model.ResComptes, model.ActionGerer), s.handleInvitationCreate)
	s.handle("POST /comptes/inviter/fichier", can(model.ResComptes, model.ActionGerer), s.handleInvitationBulk, maxBody(invitationsMaxCSV))
	s.handle("GET /comptes/{id}", can(model.ResComptes, model.ActionLire), s.handleCompteShow)
	s.handle("POST /comptes/{id}/statut", can(model.ResComptes, model.ActionGerer), s.handleCompteStatut)
	s.handle("GET /journal", can(model.ResJournal, model.ActionLire), s.handleJournal)

	// The network: directory of CEE, proposals and designations.
	s.handle("GET /conseillers", can(model.ResConseillers, model.ActionLire), s.handleConseillerList)
	s.handle("GET /conseillers/export.csv", can(model.ResConseillers, model.ActionExporter), s.handleConseillerExport)
	s.handle("GET /conseillers/export.xlsx", can(model.ResConseillers, model.ActionExporter), s.handleConseillerExport)
	s.handle("GET /import/conseillers", can(model.ResComptes, model.ActionGerer), s.handleImportForm)
	s.handle("POST /import/conseillers", can(model.ResComptes, model.ActionGerer), s.handleImportPreview, maxBody(importer.TailleMax+1<<20))
	s.handle("POST /import/conseillers/{id}", can(model.ResComptes, model.ActionGerer), s.handleImportConfirm)
	s.handle("GET /conseillers/proposer", can(model.ResDesignations, model.ActionGerer), s.handleProposeForm)
	s.handle("POST /conseillers/proposer", can(model.ResDesignations, model.ActionGerer), s.handleProposeCreate)
	s.handle("GET /conseillers/{id}", can(model.ResConseillers, model.ActionLire), s.handleConseillerShow)
	s.handle("POST /conseillers/{id}/designation", can(model.ResDesignations, model.ActionGerer), s.handleDesignationTransition)
	s.handle("POST /conseillers/{id}/avis", can(model.ResAvis, model.ActionGerer), s.handleAvis)
	s.handle("GET /conseillers/{id}/arrete.pdf", can(model.ResConseillers, model.ActionLire), s.handleArrete)
	s.handle("GET /conseillers/{id}/mandats/{mandat}/arrete.pdf", can(model.ResConseillers, model.ActionLire), s.handleMandatArrete)
	s.handle("GET /mandats/arrete-collectif.pdf", can(model.ResDesignations, model.ActionGerer), s.handleArreteCollectif)
	s.handle("GET /mandats/collectif", prononce, s.handleCollectifForm)
	s.handle("POST /mandats/collectif", prononce, s.handleCollectif)
	s.handle("GET /professionnels", can(model.ResProfessionnels, model.ActionLire), s.handleProfessionnels)
	s.handle("GET /professionnels/inviter", can(model.ResProfessionnels, model.ActionGerer), s.handleProfessionnelInviteForm)
	s.handle("POST /professionnels/inviter", can(model.ResProfessionnels, model.ActionGerer), s.handleProfessionnelInvite)
	s.handle("GET /professionnels/{id}", can(model.ResProfessionnels, model.ActionLire), s.handleProfessionnelShow)
	s.handle("GET /consentement/{jeton}", nil, s.handleConsentShow)
	s.handle("POST /consentement/{jeton}", nil, s.handleConsentSave, rateLimited("consentement"))
	s.handle("GET /retrait", nil, s.handleRetraitForm)
	s.handle("POST /retrait", nil, s.handleRetraitRequest, rateLimited("retrait"))
	s.handle("GET /retrait/{jeton}", nil, s.handleRetraitShow)
	s.handle("POST /retrait/{jeton}", nil, s.handleRetraitConfirm, rateLimited("retrait"))
	s.handle("GET /mon-accord", can(model.ResMonAccord, model.ActionGerer), s.handleAccord)
	s.handle("POST /mon-accord", can(model.ResMonAccord, model.ActionGerer), s.handleAccordSave)
	s.handle("GET /conventions", can(model.ResComptes, model.ActionGerer), s.handleConventions)
	s.handle("POST /conventions", can(model.ResComptes, model.ActionGerer), s.handleConventionCreate)
	s.handle("POST /conventions/{id}/signee", can(model.ResComptes, model.ActionGerer), s.handleConventionSign, maxBody(conventionMaxPDF+1<<20))
	s.handle("GET /conventions/{id}/convention.pdf", can(model.ResComptes, model.ActionGerer), s.handleConventionFile)
	s.handle("GET /conventions/{id}", can(model.ResComptes, model.ActionGerer), s.handleConventionShow)
	s.handle("GET /conventions/{id}/projet.pdf", can(model.ResComptes, model.ActionGerer), s.handleConventionProjet)
	s.handle("GET /mes-conventions", lecteurReseau, s.handleMesConventions)
	s.handle("GET /organisations", can(model.ResComptes, model.ActionGerer), s.handleOrganisations)
	s.handle("POST /organisations", can(model.ResComptes, model.ActionGerer), s.handleOrganisationCreate)
	s.handle("GET /organisations/{id}", can(model.ResComptes, model.ActionGerer), s.handleOrganisationShow)
	s.handle("POST /organisations/{id}/contacts", can(model.ResComptes, model.ActionGerer), s.handleContactCreate)
	s.handle("POST /organisations/{id}/contacts/{contact}/supprimer", can(model.ResComptes, model.ActionGerer), s.handleContactDelete)
	s.handle("GET /parametres", can(model.ResComptes, model.ActionGerer), s.handleParametres)
	s.handle("POST /parametres", can(model.ResComptes, model.ActionGerer), s.handleParametresSave)
	s.handle("GET /mandats", can(model.ResDesignations, model.ActionGerer), s.handleMandats)
	s.handle("POST /mandats/renouvellement", can(model.ResDesignations, model.ActionGerer), s.handleRenouvellement)
	s.handle("GET /conseillers/{id}/profil", can(model.ResConseillers, model.ActionGerer), s.handleProfilForm)
	s.handle("POST /conseillers/{id}/profil", can(model.ResConseillers, model.ActionGerer), s.handleProfilSave)
	s.handle("GET /conseillers/{id}/actions", can(model.ResConseillers, model.ActionGerer), s.handleInterventions)
	s.handle("POST /conseillers/{id}/actions", can(model.ResConseillers, model.ActionGerer), s.handleInterventionCreate)
	s.handle("GET /conseillers/{id}/attestation.pdf", can(model.ResConseillers, model.ActionGerer), s.handleAttestation)
	s.handle("GET /reseau/service", can(model.ResServiceReseau, model.ActionLire), s.handleServiceReseau)
	s.handle("GET /reseau/propositions", can(model.ResServiceReseau, model.ActionGerer), s.handlePropositionsForm)
	s.handle("GET /reseau/referents", can(model.ResServiceReseau, model.ActionGerer), s.handleReferents)
	s.handle("POST /reseau/referents", can(model.ResServiceReseau, model.ActionGerer), s.handleReferentInvite)
	s.handle("POST /reseau/referents/{id}/retirer", can(model.ResServiceReseau, model.ActionGerer), s.handleReferentRemove)
	s.handle("POST /reseau/propositions", can(model.ResServiceReseau, model.ActionGerer), s.handlePropositions, maxBody(importer.TailleMax+1<<20))

	// Exam juries: sessions, availability, composition, convocations.
	s.handle("GET /jurys", can(model.ResJurys, model.ActionGerer), s.handleSessions)
	s.handle("POST /jurys", can(model.ResJurys, model.ActionGerer), s.handleSessionCreate)
	s.handle("GET /jurys/regles", can(model.ResJurys, model.ActionGerer), s.handleRegles)
	s.handle("POST /jurys/regles", adminSeul, s.handleRegleSave)
	s.handle("GET /jurys/{id}", can(model.ResJurys, model.ActionGerer), s.handleSession)
	s.handle("POST /jurys/{id}/import", can(model.ResJurys, model.ActionGerer), s.handleJurysImport, maxBody(importer.TailleMax+1<<20))
	s.handle("POST /jurys/{id}/import/{televersement}", can(model.ResJurys, model.ActionGerer), s.handleJurysImportConfirm)
	s.handle("POST /jurys/{id}/campagne", can(model.ResJurys, model.ActionGerer), s.handleCampagne)
	s.handle("POST /jurys/{id}/composition", can(model.ResJurys, model.ActionGerer), s.handleComposition)
	s.handle("GET /jurys/{id}/progression", can(model.ResJurys, model.ActionGerer), s.handleProgression)
	s.handle("POST /jurys/{id}/membres/{membre}/verrou", can(model.ResJurys, model.ActionGerer), s.handleVerrou)
	s.handle("POST /jurys/{id}/membres/{membre}/remplacer", can(model.ResJurys, model.ActionGerer), s.handleRemplacer)
	s.handle("POST /jurys/{id}/publication", can(model.ResJurys, model.ActionGerer), s.handlePublication)
	s.handle("GET /jurys/{id}/export.csv", can(model.ResJurys, model.ActionGerer), s.handleJurysExport)
	s.handle("GET /jurys/{id}/export.xlsx", can(model.ResJurys, model.ActionGerer), s.handleJurysExport)
	s.handle("GET /jurys/parametres", can(model.ResJurys, model.ActionGerer), s.handleParametresJurys)
	s.handle("POST /jurys/parametres", can(model.ResJurys, model.ActionGerer), s.handleParametresJurysSave)
	s.handle("POST /jurys/{id}/membres/{membre}/presence", can(model.ResJurys, model.ActionGerer), s.handlePresence)
	s.handle("GET /jurys/{id}/arrete.pdf", can(model.ResJurys, model.ActionGerer), s.handleArreteJury)
	s.handle("GET /disponibilites/{jeton}", nil, s.handleDispoShow)
	s.handle("POST /disponibilites/{jeton}", nil, s.handleDispoSave, rateLimited("disponibilites"))
	s.handle("GET /convocation/{jeton}", nil, s.handleConvocationShow)
	s.handle("POST /convocation/{jeton}", nil, s.handleConvocation, rateLimited("convocation"))
	s.handle("POST /convocations/{id}/reponse", conseillerSeul, s.handleConvocationReponse)

	// Schools' requests, their solicitations and what waits for each person.
	s.handle("GET /demandes", can(model.ResDemandes, model.ActionLire), s.handleDemandeList)
	s.handle("GET /demandes/nouvelle", can(model.ResDemandes, model.ActionGerer), s.handleDemandeForm)
	s.handle("POST /demandes", can(model.ResDemandes, model.ActionGerer), s.handleDemandeCreate)
	s.handle("GET /demandes/dates", can(model.ResDemandes, model.ActionGerer), s.handleDemandeDates)
	s.handle("GET /demandes/{id}", can(model.ResDemandes, model.ActionLire), s.handleDemandeShow)
	s.handle("GET /demandes/{id}/modifier", can(model.ResDemandes, model.ActionGerer), s.handleDemandeEdit)
	s.handle("POST /demandes/{id}", can(model.ResDemandes, model.ActionGerer), s.handleDemandeUpdate)
	s.handle("POST /demandes/{id}/etat", can(model.ResDemandes, model.ActionGerer), s.handleDemandeEtat)
	s.handle("POST /demandes/{id}/distance", can(model.ResDemandes, model.ActionGerer), s.handleDemandeDistance)
	s.handle("POST /demandes/{id}/sollicitations", can(model.ResDemandes, model.ActionGerer), s.handleSolliciter)
	s.handle("POST /demandes/{id}/evaluation", can(model.ResDemandes, model.ActionGerer), s.handleEvaluation)
	s.handle("POST /demandes/{id}/places/{sollicitation}", can(model.ResDemandes, model.ActionGerer), s.handlePlacesConfirmer)
	s.handle("POST /demandes/{id}/compte-rendu", conseillerSeul, s.handleCompteRendu)
	s.handle("POST /sollicitations/{id}/reponse", conseillerSeul, s.handleSollicitationReponse)
	s.handle("POST /sollicitations/{id}/transmettre", conseillerSeul, s.handleTransmettre)
	s.handle("GET /reponse/{jeton}", nil, s.handleReponseShow)
	s.handle("POST /reponse/{jeton}", nil, s.handleReponse, rateLimited("reponse"))
	s.handle("GET /notifications", signedIn, s.handleNotifications)
	s.handle("POST /notifications/lues", signedIn, s.handleNotificationsLues)
	s.handle("POST /notifications/{id}", signedIn, s.handleNotificationLue)
	s.handle("POST /compte/resume", signedIn, s.handleResumeChoice)

	s.routesEtablissementsCampus()
	s.routesAnimation()
	s.routesExports()

	s.routesTableau()
	s.routesCouverture()
	s.routesRattachement()
	s.routesCalendrier()
	s.routesDonnees()
	s.routesJetons()
	s.routesExpertises()

	if s.devPages() {
		s.handle("GET /dev/courriels", nil, s.handleMailList)
		s.handle("GET /dev/courriels/{id}", nil, s.handleMailShow)
		s.handle("GET /dev/courriels/{id}/html", nil, s.handleMailHTML)
		s.handle("GET /dev/courriels/{id}/pieces/{n}", nil, s.handleMailAttachment)
		s.handle("GET /dev/taches", nil, s.handleJobList)
		s.handle("POST /dev/taches/{id}/relancer", nil, s.handleJobRetry)
		s.handle("GET /dev/connexion", nil, s.handleDemoLogin)
		s.handle("POST /dev/connexion/{id}", nil, s.handleDemoLoginAs)
	}
	if s.cfg.Dev {
		s.handle("GET /dev/composants", nil, s.handleGallery)
	}
	s.mux.Handle("/", s.h(func(w http.ResponseWriter, r *http.Request) error {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}))

	var h http.Handler = s.mux
	h = s.loadSession(h)
	h = flashOnce(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusForbidden)
	}))
	h = cop.Handler(h)
	h = s.withAPI(h)
	h = s.recoverPanics(h)
	h = compress(h)
	h = s.limitConcurrency(h)
	h = s.securityHeaders(h)
	h = s.observe(h)
	return h
}
