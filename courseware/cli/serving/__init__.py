"""``courseware serve``: the study app in a web browser, one app process per connection, behind guards."""
