-- A trivial JSON POST: the Kestrel ceiling (K).
wrk.method = "POST"
wrk.body = '{"ping": true}'
wrk.headers["Content-Type"] = "application/json"
