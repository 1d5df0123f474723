"""A small OpenID Connect provider for tests: Feide without the network.

It runs a threaded `http.server` on 127.0.0.1 at a random port and serves discovery, authorize,
token, userinfo and JWKS. Whoever "signs in at Feide" is chosen by the test with `sign_in_as()`;
/authorize then sends the browser back with a one-time code and the state it was given. /token
checks the client's credentials, the redirect URI and the PKCE verifier, and returns an RS256
id_token signed with a key generated at start-up, with the claims set by the test.

    with OpenIDProviderStub() as feide:
        feide.sign_in_as(sub="…", email="ola@usn.no", name="Ola Nordmann")
        ...
"""

import base64
import hashlib
import json
import secrets
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


class OpenIDProviderStub:
    """The provider. Use it as a context manager; `base_url` is its issuer and server URL."""

    def __init__(self, client_id="usn-alumni-test", client_secret=None):
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = f"stub-{uuid.uuid4().hex[:8]}"
        self.identity = None
        self.codes = {}
        self.tokens = {}
        self.requests = []  # (method, path) of every request, for assertions
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def sign_in_as(self, **claims):
        """Who the next visitor to /authorize is: `sub` plus any claims (email, name, …)."""
        if "sub" not in claims:
            raise ValueError("an identity needs a 'sub'")
        self.identity = claims

    # What the endpoints answer.

    def configuration(self) -> dict:
        return {
            "issuer": self.base_url,
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "userinfo_endpoint": f"{self.base_url}/userinfo",
            "jwks_uri": f"{self.base_url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile", "userid-feide"],
        }

    def jwks(self) -> dict:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def authorize(self, query: dict) -> tuple[int, dict]:
        """Returns (status, headers): a redirect back to the client with a code and the state."""
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}
        if self.identity is None:
            return 403, {}
        code = secrets.token_urlsafe(16)
        with self._lock:
            self.codes[code] = {
                "claims": dict(self.identity),
                "redirect_uri": query.get("redirect_uri"),
                "nonce": query.get("nonce"),
                "code_challenge": query.get("code_challenge"),
                "code_challenge_method": query.get("code_challenge_method"),
            }
        back = {"code": code}
        if "state" in query:
            back["state"] = query["state"]
        return 302, {"Location": f"{query.get('redirect_uri')}?{urlencode(back)}"}

    def token(self, form: dict, authorization: str | None) -> tuple[int, dict]:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, client_secret = decoded.partition(":")
        if client_id != self.client_id or client_secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        with self._lock:
            grant = self.codes.pop(form.get("code"), None)  # a code works once
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode("ascii")).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
            if challenge != grant["code_challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        access_token = secrets.token_urlsafe(24)
        with self._lock:
            self.tokens[access_token] = grant["claims"]
        now = int(time.time())
        id_claims = {
            **grant["claims"],
            "iss": self.base_url,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 600,
            "jti": uuid.uuid4().hex,
        }
        if grant["nonce"]:
            id_claims["nonce"] = grant["nonce"]
        id_token = jwt.encode(id_claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 600,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str | None) -> tuple[int, dict]:
        token = (authorization or "").removeprefix("Bearer ")
        claims = self.tokens.get(token)
        if claims is None:
            return 401, {"error": "invalid_token"}
        return 200, claims


def _handler_for(provider: OpenIDProviderStub):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # keep the test output quiet
            pass

        def do_GET(self):
            url = urlsplit(self.path)
            provider.requests.append(("GET", url.path))
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.configuration())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                status, headers = provider.authorize(query)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif url.path == "/userinfo":
                self._json(*provider.userinfo(self.headers.get("Authorization")))
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self):
            url = urlsplit(self.path)
            provider.requests.append(("POST", url.path))
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            form = {key: values[0] for key, values in parse_qs(body).items()}
            if url.path == "/token":
                self._json(*provider.token(form, self.headers.get("Authorization")))
            elif url.path == "/userinfo":
                self._json(*provider.userinfo(self.headers.get("Authorization")))
            else:
                self._json(404, {"error": "not_found"})

        def _json(self, status, data):
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler
