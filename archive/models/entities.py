"""Named entities and their mentions in articles. The entities package fills these."""
from django.db import models

from archive.batches import chunks
from archive.links import cached_reverse


class EntityQuerySet(models.QuerySet):
    def active(self):
        """Entities the public sees: neither rejected by a curator nor merged into another."""
        return self.filter(is_rejected=False, merged_into__isnull=True)

    def public(self):
        """Active entities that at least one public article mentions: the only ones the public may know of.

        An entity named only in hidden articles is as unknown as one never
        extracted, on every page, feed, filter and API answer.
        """
        from archive.models.articles import Article

        # Each of the entity's mentions is checked against its own article (by key): an IN list of
        # every public article's id, which the database builds first, took half a second at a million.
        published = Article.objects.published().filter(pk=models.OuterRef("article_id"))
        mentioned = Mention.objects.filter(entity=models.OuterRef("pk")).filter(models.Exists(published))
        return self.active().filter(models.Exists(mentioned))

    def survivors(self, ids):
        """{id: the entity each of these stands for now}: itself, or the end of its chain of merges.

        One query per level of merging, however many ids; the survivor may be
        rejected, which callers check.
        """
        ids = list(ids)
        loaded = {}
        wanted = set(ids)
        while wanted:
            batches = chunks(sorted(wanted), 5000)
            found = {entity.pk: entity for chunk in batches for entity in self.filter(pk__in=chunk)}
            loaded.update(found)
            wanted = {e.merged_into_id for e in found.values() if e.merged_into_id} - loaded.keys()
        return {pk: loaded[pk].survivor(loaded) for pk in ids if pk in loaded}


class Entity(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        PLACE = "place", "Place"
        OTHER = "other", "Other"

    name = models.CharField(max_length=300, help_text="Display name: the fullest common spelling.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    # The folded form of the name, the key extraction resolves to.
    key = models.CharField(max_length=300, db_index=True)
    # Curation decisions that later extractions must respect.
    is_rejected = models.BooleanField(default=False, help_text="Never extract this entity again.")
    kind_locked = models.BooleanField(default=False, help_text="A curator set the kind; extraction keeps it.")
    name_locked = models.BooleanField(default=False, help_text="A curator set the name; extraction keeps it.")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    # Resolution merged it (a surname into the full name, a spelling into a known
    # name); a curator's merge leaves this off, and resolution never undoes that one.
    merged_automatically = models.BooleanField(default=False, editable=False)
    mention_count = models.PositiveIntegerField(default=0, help_text="Public articles that mention it.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "entities"
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "mention_count"], name="entity_kind_count")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("archive:entity-detail", slug=self.slug)

    def survivor(self, loaded=None):
        """The entity this one stands for now: itself, or the end of its chain of merges.

        Merges point at the entity a curator kept; if that one was merged on
        later, the chain goes on. `loaded` ({id: entity}) saves the queries when
        the chain is already in memory. A loop (which no merge makes) stops where it closes.
        """
        entity, seen = self, {self.pk}
        while entity.merged_into_id and entity.merged_into_id not in seen:
            seen.add(entity.merged_into_id)
            entity = loaded[entity.merged_into_id] if loaded and entity.merged_into_id in loaded else entity.merged_into
        return entity


class EntityAlias(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True, help_text="Folded form used for matching.")
    added_by_curator = models.BooleanField(default=False)
    # A curator said this spelling is not this entity: extraction neither
    # resolves it here nor adds it back.
    is_blocked = models.BooleanField(
        default=False, verbose_name="removed", help_text="Not this entity: extraction never adds it back."
    )

    class Meta:
        verbose_name_plural = "entity aliases"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["entity", "name"], name="alias_unique_per_entity")]

    def __str__(self):
        return self.name


class Mention(models.Model):
    article = models.ForeignKey("archive.Article", on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    # [[field, start, end], ...]: field is "title", "lede" or "body" and the
    # offsets index that field's text (body as stored), to link and highlight.
    offsets = models.JSONField(default=list)
    surface_forms = models.JSONField(default=list)
    # The kind the name had in this article; an entity's kind follows the
    # majority of its mentions unless a curator locked it.
    kind = models.CharField(max_length=20, choices=Entity.Kind.choices, blank=True)
    # Whether that kind rests on firm evidence (a full name, a title, known names)
    # rather than a lone capitalised word; an entity's kind follows the firm ones.
    kind_confident = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="mention_unique")]

    def __str__(self):
        return f"{self.entity} in {self.article_id}"


class RecognisedSpans(models.Model):
    """What the language model found in one article, kept so names can be resolved again without it.

    `text_hash` fingerprints the text the spans index; after the article's text
    changes they no longer apply and the model has to read it again.
    """

    article = models.OneToOneField(
        "archive.Article", on_delete=models.CASCADE, primary_key=True, related_name="recognised_spans"
    )
    text_hash = models.CharField(max_length=40)
    # [[start, end, label], ...]: character offsets into the article's composed text, the model's label.
    spans = models.JSONField(default=list)
    model = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name_plural = "recognised spans"

    def __str__(self):
        return f"spans of {self.article_id}"
