"""Static files: hashed and compressed once collected, plain names before that.

`collectstatic` (run by `make serve`) writes every file under a name carrying
a hash of its content, plus gzip and brotli copies, and a manifest; WhiteNoise
then serves them with far-future cache headers. Before anything is collected
(the development server, the tests) there is no manifest, and the plain names
are served from the source folders.
"""
from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name):
        if not self.hashed_files:  # nothing collected yet
            return name
        try:
            return super().stored_name(name)
        except ValueError:  # a file added since the last collectstatic
            return name
