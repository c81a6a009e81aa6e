import pytest


@pytest.fixture(autouse=True)
def _fresh_vocabulary_cache():
    """Each test sees the vocabulary of its own database (transactions roll back)."""
    from zemlyaki.people.selectors import forget_vocabulary

    forget_vocabulary()
    yield
    forget_vocabulary()
