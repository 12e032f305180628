"""The Solr backend (ARCHIVE_SEARCH_BACKEND=solr): a SolrCloud collection behind the search interface.

client.py talks HTTP to the nodes, admin.py manages the configset, collections
and alias, documents.py shapes Solr documents, translate.py turns the parser's
tree into JSON Query DSL, terms.py reads the vocabulary, searching.py and
indexing.py answer and write, backend.py is the SearchBackend.
"""
