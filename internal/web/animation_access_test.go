package web_test

func init() {
	for k, v := range animationAccessRules {
		accessRules[k] = v
	}
}

// animationAccessRules are the lines of accessRules for the routes of
// routesAnimation. Managers pass the designation gate (admin, pilote,
// organisation référent); pages any signed-in person may open are scoped in
// SQL (404 outside), and the uploads are for admin and pilote (gestion).
var animationAccessRules = map[string]rule{
	"GET /animation/evenements":                          member,
	"GET /animation/evenements/nouveau":                  designation,
	"POST /animation/evenements":                         designation,
	"GET /animation/evenements/{id}":                     member,
	"POST /animation/evenements/{id}/invitations":        designation,
	"POST /animation/evenements/{id}/annulation":         designation,
	"GET /animation/evenements/{id}/presences":           designation,
	"POST /animation/evenements/{id}/presences":          designation,
	"GET /animation/evenements/{id}/emargement.pdf":      designation,
	"GET /animation/evenements/{id}/participants/export": designation,
	"POST /animation/evenements/{id}/inscription":        inviterPro,
	"GET /evenement/{jeton}":                             open,
	"POST /evenement/{jeton}":                            open,
	"GET /animation/segments":                            designation,
	"GET /animation/segments/compte":                     designation,
	"POST /animation/segments":                           designation,
	"GET /animation/annonces":                            member,
	"GET /animation/annonces/nouvelle":                   designation,
	"POST /animation/annonces":                           designation,
	"GET /animation/annonces/{id}":                       member,
	"GET /desinscription/{jeton}":                        open,
	"POST /desinscription/{jeton}":                       open,
	"GET /animation/ressources":                          member,
	"POST /animation/ressources":                         gestion,
	"GET /animation/ressources/{id}":                     member,
}
