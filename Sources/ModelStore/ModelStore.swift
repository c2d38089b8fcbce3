public enum ModelStoreModule {}
