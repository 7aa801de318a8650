package dev.crossrole.store;

import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Users and roles, for the parts of the store contract they share: each kind makes its own entity
 * and reaches the store's methods for it, so a behaviour common to both is written once and run for
 * each. Entities are passed as {@code Object} because users and roles share no type.
 */
enum EntityKind {
  USER(PolicyHolder.USER) {
    @Override
    Object entity(String account, String path, String name) {
      return IdentityStoreContract.user(account, path, name);
    }

    @Override
    void create(IdentityStore store, Object entity) {
      store.createUser((User) entity);
    }

    @Override
    Optional<Object> find(IdentityStore store, String account, String name) {
      return store.user(account, name).map(Object.class::cast);
    }

    @Override
    List<String> names(IdentityStore store, String account, String pathPrefix) {
      return store.users(account, pathPrefix).stream().map(User::name).toList();
    }

    @Override
    void delete(IdentityStore store, String account, String name) {
      store.deleteUser(account, name);
    }

    @Override
    String name(Object entity) {
      return ((User) entity).name();
    }

    @Override
    String id(Object entity) {
      return ((User) entity).userId();
    }

    @Override
    Object withTags(Object entity, Map<String, String> tags) {
      return ((User) entity).withTags(tags);
    }

    @Override
    Map<String, String> tags(Object entity) {
      return ((User) entity).tags();
    }
  },

  ROLE(PolicyHolder.ROLE) {
    @Override
    Object entity(String account, String path, String name) {
      return IdentityStoreContract.role(account, path, name);
    }

    @Override
    void create(IdentityStore store, Object entity) {
      store.createRole((Role) entity);
    }

    @Override
    Optional<Object> find(IdentityStore store, String account, String name) {
      return store.role(account, name).map(Object.class::cast);
    }

    @Override
    List<String> names(IdentityStore store, String account, String pathPrefix) {
      return store.roles(account, pathPrefix).stream().map(Role::name).toList();
    }

    @Override
    void delete(IdentityStore store, String account, String name) {
      store.deleteRole(account, name);
    }

    @Override
    String name(Object entity) {
      return ((Role) entity).name();
    }

    @Override
    String id(Object entity) {
      return ((Role) entity).roleId();
    }

    @Override
    Object withTags(Object entity, Map<String, String> tags) {
      return ((Role) entity).withTags(tags);
    }

    @Override
    Map<String, String> tags(Object entity) {
      return ((Role) entity).tags();
    }
  };

  /** Runs a test method taking an {@code EntityKind} once for each kind, named by the kind. */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @ParameterizedTest(name = "{0}")
  @EnumSource(EntityKind.class)
  @interface ForEach {}

  private final PolicyHolder holder;

  EntityKind(PolicyHolder holder) {
    this.holder = holder;
  }

  /** The holder of policies this kind is, for inline policies, attachments and boundaries. */
  PolicyHolder holder() {
    return holder;
  }

  /** How IAM's messages name this kind mid-sentence: "user", "role". */
  String noun() {
    return holder.name().toLowerCase(Locale.ROOT);
  }

  /** How IAM's messages name this kind at the start of a sentence: "User", "Role". */
  String title() {
    return holder.name().charAt(0) + noun().substring(1);
  }

  /** A new entity with a fresh id, created now, carrying nothing optional. */
  abstract Object entity(String account, String path, String name);

  /** {@link #entity(String, String, String)} on the path "/". */
  Object entity(String account, String name) {
    return entity(account, "/", name);
  }

  abstract void create(IdentityStore store, Object entity);

  /** Creates a new entity on the path "/" and returns it. */
  Object create(IdentityStore store, String account, String name) {
    Object entity = entity(account, name);
    create(store, entity);
    return entity;
  }

  abstract Optional<Object> find(IdentityStore store, String account, String name);

  /** The entity's name as created. */
  abstract String name(Object entity);

  /** The names of the account's entities under a path prefix, as the store lists them. */
  abstract List<String> names(IdentityStore store, String account, String pathPrefix);

  abstract void delete(IdentityStore store, String account, String name);

  /** The entity's IAM id (AIDA…, AROA…). */
  abstract String id(Object entity);

  abstract Object withTags(Object entity, Map<String, String> tags);

  abstract Map<String, String> tags(Object entity);
}
