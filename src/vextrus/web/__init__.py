"""The UI shell: layout, navigation from module manifests, home and system status pages."""
