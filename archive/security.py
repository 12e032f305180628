"""Security headers of every response, admin included: the Content-Security-Policy.

Django's SecurityMiddleware already sends nosniff, the referrer policy and
HSTS; the policy here comes from settings.ARCHIVE_CONTENT_SECURITY_POLICY
(empty turns it off).
"""
from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = " ".join(settings.ARCHIVE_CONTENT_SECURITY_POLICY.split())

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
